{{%AUTOESCAPE context="HTML"}}
<section class="subscribe" aria-labelledby="subscribe-heading">
  <div class="wrap">
    <h2 id="subscribe-heading">Subscribe to {{SITE_TITLE}} news</h2>
    <form class="subscribe__form" method="post" action="/subscribe">
      <label for="subscribe-email">Enter your email address:</label>
      <input id="subscribe-email" name="email" type="email" autocomplete="email" required maxlength="254">
      <button type="submit">Subscribe</button>
    </form>
  </div>
</section>
<footer class="site-footer">
  <div class="wrap site-footer__inner">
    <section class="site-footer__about" aria-labelledby="about-heading">
      <h2 id="about-heading">About {{SITE_TITLE}}</h2>
      <p>{{SITE_ABOUT}}</p>
      {{#HAS_CONTACT}}<p>Contact: <a href="mailto:{{CONTACT_EMAIL}}">{{CONTACT_EMAIL}}</a></p>{{/HAS_CONTACT}}
    </section>
    <nav class="site-footer__links" aria-label="Footer">
      <ul>
        <li><a href="/about">About</a></li>
        <li><a href="/feed.xml">RSS feed</a></li>
        <li><a href="/latest">All articles</a></li>
        {{#SOCIAL_LINK}}<li><a href="{{LINK_URL}}" rel="me">{{LINK_LABEL}}</a></li>{{/SOCIAL_LINK}}
      </ul>
    </nav>
  </div>
  <div class="wrap site-footer__bottom">
    <p class="copyright">Copyright &copy; {{COPYRIGHT_YEARS}} {{SITE_TITLE}}</p>
    <p><a class="back-to-top" href="#top">Back to top</a></p>
  </div>
</footer>
</body>
</html>
