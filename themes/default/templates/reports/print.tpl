{{%AUTOESCAPE context="HTML"}}
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{TITLE}} ({{ORGANISATION}})</title>
<style>
{{PRINT_CSS:none}}
</style>
</head>
<body>
<section class="cover">
  <p class="cover__organisation">{{ORGANISATION}}</p>
  <p class="cover__kind">{{KIND_LABEL}}</p>
  <h1 class="cover__title">{{TITLE}}</h1>
  {{#HAS_DEK}}<p class="cover__dek">{{DEK}}</p>{{/HAS_DEK}}
  <p class="cover__byline">{{AUTHOR}} · <time>{{DATE}}</time></p>
  {{#HERO}}<figure class="figure">
    <img src="{{SRC}}" alt="{{ALT}}">
    <figcaption>{{CAPTION}}{{#CREDIT}} <span class="credit">(Image credit: {{CREDIT}})</span>{{/CREDIT}}</figcaption>
  </figure>{{/HERO}}
</section>
<nav class="contents" aria-labelledby="contents-heading">
  <h2 id="contents-heading">Contents</h2>
  <ol>
    {{#CONTENTS}}<li><a href="#{{ID}}">{{HEADING}}</a></li>
    {{/CONTENTS}}
  </ol>
</nav>
{{#SUMMARY}}<section class="part" id="summary"><h2>Summary</h2>
{{HTML:none}}
</section>{{/SUMMARY}}
{{#FINDINGS}}<section class="part" id="findings"><h2>Key findings</h2>
  <ol class="findings">
  {{#FINDING}}<li><h3>{{HEADING}}</h3>
{{DETAIL_HTML:none}}
  </li>{{/FINDING}}
  </ol>
</section>{{/FINDINGS}}
<section class="part part--body" id="body"><h2>The report</h2>
{{BODY_HTML:none}}
</section>
{{#RISKS}}<section class="part" id="risks"><h2>Risk assessment</h2>
{{>RISK_MATRIX}}
</section>{{/RISKS}}
{{#PART}}<section class="part" id="{{ID}}"><h2>{{HEADING}}</h2>
{{HTML:none}}
</section>{{/PART}}
</body>
</html>
