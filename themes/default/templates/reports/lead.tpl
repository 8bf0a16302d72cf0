{{%AUTOESCAPE context="HTML"}}
<link rel="stylesheet" href="{{REPORT_CSS_URL}}">
<section class="report-lead" aria-labelledby="report-summary-heading">
  <h2 id="report-summary-heading" class="report-heading">Summary</h2>
  <div class="report-summary">
{{SUMMARY_HTML:none}}
  </div>
  {{#FINDINGS}}
  <h2 id="report-findings-heading" class="report-heading">Key findings</h2>
  <ol class="report-findings" aria-labelledby="report-findings-heading">
    {{#FINDING}}<li class="report-finding"><h3 class="report-finding__heading">{{HEADING}}</h3>{{#DETAIL}}
      <div class="report-finding__detail">
{{DETAIL_HTML:none}}
      </div>{{/DETAIL}}</li>
    {{/FINDING}}
  </ol>
  {{/FINDINGS}}
</section>
