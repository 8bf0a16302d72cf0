{{%AUTOESCAPE context="HTML"}}
<section class="report-rest" aria-label="The report's assessment">
  {{#RISKS}}
  <section class="report-part" aria-labelledby="report-risks-heading">
    <h2 id="report-risks-heading" class="report-heading">Risk assessment</h2>
    {{>RISK_MATRIX}}
  </section>
  {{/RISKS}}
  {{#PART}}
  <section class="report-part" aria-labelledby="report-{{ID}}-heading">
    <h2 id="report-{{ID}}-heading" class="report-heading">{{HEADING}}</h2>
    <div class="report-part__text">
{{HTML:none}}
    </div>
  </section>
  {{/PART}}
</section>
