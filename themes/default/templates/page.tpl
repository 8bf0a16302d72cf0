{{%AUTOESCAPE context="HTML"}}
{{>HEAD}}
<main id="main" class="wrap">
  <article class="article article--page">
    <header class="article__header">
      <h1 class="article__title">{{TITLE}}</h1>
      {{#HAS_DEK}}<p class="article__dek">{{DEK}}</p>{{/HAS_DEK}}
    </header>
    <div class="article__body">
{{BODY_HTML:none}}
    </div>
  </article>
</main>
{{>FOOT}}
