{{%AUTOESCAPE context="HTML"}}
<figure class="risk-matrix">
  <svg class="risk-matrix__chart" role="img" aria-labelledby="risk-matrix-title" viewBox="0 0 386 378" width="386" height="378" xmlns="http://www.w3.org/2000/svg">
    <title id="risk-matrix-title">{{TITLE}}</title>
    {{#CELL}}<rect x="{{X}}" y="{{Y}}" width="64" height="64" fill="{{FILL}}" stroke="#ffffff" stroke-width="2"/>
    {{/CELL}}<g fill="#1b1b1b" font-family="Helvetica, Arial, sans-serif" font-size="13">
      {{#TICK_X}}<text x="{{X}}" y="348" text-anchor="middle">{{N}}</text>{{/TICK_X}}
      {{#TICK_Y}}<text x="44" y="{{Y}}" text-anchor="end" dominant-baseline="central">{{N}}</text>{{/TICK_Y}}
      <text x="216" y="372" text-anchor="middle" font-weight="bold">Impact</text>
      <text x="14" y="170" text-anchor="middle" font-weight="bold" transform="rotate(-90 14 170)">Likelihood</text>
    </g>
    {{#MARKER}}<g class="risk-matrix__marker"><circle cx="{{CX}}" cy="{{CY}}" r="{{R}}" fill="#1b1b1b"/><text x="{{CX}}" y="{{CY}}" text-anchor="middle" dominant-baseline="central" fill="#ffffff" font-family="Helvetica, Arial, sans-serif" font-size="{{FONT}}" font-weight="bold">{{N}}</text></g>
    {{/MARKER}}
  </svg>
</figure>
<table class="risk-table">
  <caption>Risks assessed, by likelihood and impact (1 lowest, 5 highest)</caption>
  <thead>
    <tr><th scope="col">No.</th><th scope="col">Risk</th><th scope="col">Likelihood</th><th scope="col">Impact</th><th scope="col">Level</th><th scope="col">Note</th></tr>
  </thead>
  <tbody>
    {{#RISK}}<tr><td>{{N}}</td><th scope="row">{{NAME}}</th><td>{{LIKELIHOOD}}</td><td>{{IMPACT}}</td><td>{{LEVEL}}</td><td>{{NOTE}}</td></tr>
    {{/RISK}}
  </tbody>
</table>
