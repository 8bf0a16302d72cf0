{{%AUTOESCAPE context="HTML"}}
{{>HEAD}}
<main id="main" class="wrap portal">
  {{#FOR_ORGANISATION}}<h1>Reports for {{ORGANISATION}}</h1>{{/FOR_ORGANISATION}}
  {{#FOR_SUBSCRIBER}}<h1>Articles for subscribers</h1>
  <p>You are signed in as the newsletter subscriber {{EMAIL}}. Client reports are for the members of our client organisations.</p>{{/FOR_SUBSCRIBER}}
  {{#HAS_ERROR}}<p class="form-error" role="alert">{{ERROR}}</p>{{/HAS_ERROR}}
  <section aria-labelledby="portal-reports">
    <h2 id="portal-reports">Your reports</h2>
    {{#NO_REPORTS}}<p>There are no reports for you to read yet.</p>{{/NO_REPORTS}}
    <ul class="portal-reports">
      {{#REPORT}}<li class="portal-report">
        <h3><a href="{{URL}}">{{TITLE}}</a>{{#NEW}} <strong class="portal-new">New since your last visit</strong>{{/NEW}}</h3>
        <p class="muted">{{KIND}}, <time datetime="{{DATE_ISO}}">{{DATE}}</time></p>
        {{#HAS_DEK}}<p>{{DEK}}</p>{{/HAS_DEK}}
        {{#PDF}}<p><a href="{{PDF_URL}}" download>Download PDF<span class="visually-hidden"> of {{TITLE}}</span></a></p>{{/PDF}}
      </li>{{/REPORT}}
    </ul>
  </section>
  {{#CLIENT}}
  <section aria-labelledby="requests">
    <h2 id="requests">Your organisation's requests</h2>
    {{#NO_REQUESTS}}<p>Your organisation has made no requests yet.</p>{{/NO_REQUESTS}}
    <ul class="portal-requests">
      {{#REQUEST}}<li>{{WHAT}}: <strong>{{STATE}}</strong> <span class="muted">(asked by {{BY}}, <time datetime="{{DATE_ISO}}">{{DATE}}</time>)</span></li>{{/REQUEST}}
    </ul>
    <h3>Commission a report</h3>
    <form class="portal-form" method="post" action="/portal/commissions">
      <input type="hidden" name="_csrf" value="{{CSRF}}">
      <p><label for="commission-subject">Subject</label>
        <input id="commission-subject" name="subject" required maxlength="{{MAX_SUBJECT}}" value="{{SUBJECT}}"></p>
      <p><label for="commission-details">What you would like to know</label>
        <textarea id="commission-details" name="details" rows="6" required maxlength="{{MAX_DETAILS}}">{{DETAILS:pre_escape}}</textarea></p>
      <p><button type="submit">Send the request</button></p>
    </form>
  </section>
  <section aria-labelledby="feed">
    <h2 id="feed">Your private feed</h2>
    {{#FEED_NEW}}<p>Your new feed address (copy it now: for your security we show it only once):</p>
    <p><label for="feed-url">Feed address</label> <input id="feed-url" readonly value="{{FEED_URL}}" size="60"></p>{{/FEED_NEW}}
    {{#FEED_LIVE}}<p>Your private feed has been active since {{FEED_SINCE}}. Its address was shown once, when it was made; make a new one if you lost it (the old one then stops working).</p>{{/FEED_LIVE}}
    {{#FEED_NONE}}<p>A private feed lists your reports in your feed reader. Keep its address to yourself: anyone who has it can see your reports' titles.</p>{{/FEED_NONE}}
    <form method="post" action="/portal/feed">
      <input type="hidden" name="_csrf" value="{{CSRF}}">
      <p><button type="submit">New feed address</button></p>
    </form>
    {{#FEED_LIVE}}<form method="post" action="/portal/feed/revoke">
      <input type="hidden" name="_csrf" value="{{CSRF}}">
      <p><button type="submit">Stop the feed</button></p>
    </form>{{/FEED_LIVE}}
  </section>
  {{/CLIENT}}
</main>
{{>FOOT}}
