{{%AUTOESCAPE context="HTML"}}
{{>ADMIN_HEAD}}
<link rel="stylesheet" href="{{REPORT_CSS_URL}}">
<main id="main" class="nr-main nr-narrow-wide">
  <h1>Report parts: “{{TITLE}}”</h1>
  <p><a href="/admin/articles/{{ID}}">Back to the article</a>{{#IS_LIVE}} · <a href="{{LIVE_URL}}">view on the site</a>{{/IS_LIVE}}</p>
  {{#SAVED}}<p class="nr-notice" role="status">The report's parts are saved.</p>{{/SAVED}}
  {{#HAS_ERRORS}}<div class="nr-error" role="alert" id="report-errors">
    <p>Nothing was saved. Please correct:</p>
    <ul>{{#ERROR}}<li><a href="#{{FIELD_ID}}">{{MESSAGE}}</a></li>{{/ERROR}}</ul>
  </div>{{/HAS_ERRORS}}
  <section class="nr-report-pdf" aria-labelledby="pdf-heading">
    <h2 id="pdf-heading">PDF</h2>
    {{#PDF_BUILT}}<p class="nr-notice" role="status">PDF: built. <a href="/admin/articles/{{ID}}/report.pdf">Download the PDF</a></p>{{/PDF_BUILT}}
    {{#PDF_ERROR}}<p class="nr-error" role="alert" id="pdf-error">PDF: could not be built: {{REASON}}</p>{{/PDF_ERROR}}
    {{#PDF_NOT_BUILT}}<p>PDF: not built for this revision yet.</p>{{/PDF_NOT_BUILT}}
    <form method="post" action="/admin/articles/{{ID}}/report/pdf">
      <input type="hidden" name="_csrf" value="{{CSRF}}">
      <p><button type="submit">Build the PDF</button></p>
    </form>
    {{#HAS_COUNTS}}<p class="nr-report-counts">Views / downloads: {{VIEWS}} / {{DOWNLOADS}}</p>{{/HAS_COUNTS}}
  </section>
  <form method="post" action="/admin/articles/{{ID}}/report" class="nr-form">
    <input type="hidden" name="_csrf" value="{{CSRF}}">
    <p><label for="summary">Summary (Markdown{{#SUMMARY_REQUIRED}}, required for a report{{/SUMMARY_REQUIRED}})</label>
      <textarea id="summary" name="summary" rows="6"{{#SUMMARY_INVALID}} aria-invalid="true" aria-describedby="summary-error"{{/SUMMARY_INVALID}}>{{SUMMARY:pre_escape}}</textarea>
      {{#SUMMARY_INVALID}}<span class="nr-field-error" id="summary-error">{{SUMMARY_ERROR}}</span>{{/SUMMARY_INVALID}}</p>

    <fieldset id="findings">
      <legend>Key findings</legend>
      <p><label><input type="checkbox" name="teaser_headings" value="1"{{#TEASER_HEADINGS}} checked{{/TEASER_HEADINGS}}> Show the findings' headings on the teaser (readers without access)</label></p>
      {{#FINDING}}<div class="nr-report-row" id="findings-{{INDEX}}">
        <p><label for="finding-heading-{{INDEX}}">Finding {{NUMBER}}: heading</label>
          <input type="text" id="finding-heading-{{INDEX}}" name="finding_heading" maxlength="300" value="{{HEADING}}"></p>
        <p><label for="finding-detail-{{INDEX}}">Finding {{NUMBER}}: detail (Markdown, optional)</label>
          <textarea id="finding-detail-{{INDEX}}" name="finding_detail" rows="3">{{DETAIL:pre_escape}}</textarea></p>
        {{#ROW_ERROR}}<p class="nr-field-error">{{MESSAGE}}</p>{{/ROW_ERROR}}
      </div>{{/FINDING}}
    </fieldset>

    <fieldset id="risks">
      <legend>Risk assessment (likelihood and impact from 1, lowest, to 5, highest)</legend>
      <table class="nr-report-rows">
        <thead><tr><th scope="col">No.</th><th scope="col">Risk</th><th scope="col">Likelihood</th><th scope="col">Impact</th><th scope="col">Note</th></tr></thead>
        <tbody>
        {{#RISK}}<tr id="risks-{{INDEX}}">
          <td>{{NUMBER}}</td>
          <td><label class="visually-hidden" for="risk-name-{{INDEX}}">Risk {{NUMBER}}: name</label><input type="text" id="risk-name-{{INDEX}}" name="risk_name" maxlength="200" value="{{NAME}}">
            {{#ROW_ERROR}}<span class="nr-field-error">{{MESSAGE}}</span>{{/ROW_ERROR}}</td>
          <td><label class="visually-hidden" for="risk-likelihood-{{INDEX}}">Risk {{NUMBER}}: likelihood</label><select id="risk-likelihood-{{INDEX}}" name="risk_likelihood">{{#LIKELIHOOD}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{VALUE}}</option>{{/LIKELIHOOD}}</select></td>
          <td><label class="visually-hidden" for="risk-impact-{{INDEX}}">Risk {{NUMBER}}: impact</label><select id="risk-impact-{{INDEX}}" name="risk_impact">{{#IMPACT}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{VALUE}}</option>{{/IMPACT}}</select></td>
          <td><label class="visually-hidden" for="risk-note-{{INDEX}}">Risk {{NUMBER}}: note</label><input type="text" id="risk-note-{{INDEX}}" name="risk_note" maxlength="1000" value="{{NOTE}}"></td>
        </tr>
        {{/RISK}}
        </tbody>
      </table>
      <p class="nr-hint">Empty rows are left out. Save to get more empty rows.</p>
    </fieldset>

    {{#PART}}<p><label for="{{NAME}}">{{LABEL}} (Markdown)</label>
      <textarea id="{{NAME}}" name="{{NAME}}" rows="6"{{#INVALID}} aria-invalid="true" aria-describedby="{{NAME}}-error"{{/INVALID}}>{{TEXT:pre_escape}}</textarea>
      {{#INVALID}}<span class="nr-field-error" id="{{NAME}}-error">{{ERROR}}</span>{{/INVALID}}</p>
    {{/PART}}
    <p><button type="submit" class="primary">Save the report's parts</button></p>
  </form>
</main>
{{>ADMIN_FOOT}}
