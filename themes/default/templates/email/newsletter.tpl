{{%AUTOESCAPE context="HTML"}}
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>{{SITE_TITLE}}</title></head>
<body style="margin:0;padding:0;background:#f4f5f7;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f5f7;">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="max-width:600px;width:100%;background:#ffffff;font-family:Georgia,'Times New Roman',serif;color:#1b1f24;">
<tr><td style="padding:20px 28px;border-bottom:3px solid #0b4f8a;font-family:Arial,Helvetica,sans-serif;font-size:14px;font-weight:bold;"><a href="{{SITE_URL}}" style="color:#0b4f8a;text-decoration:none;">{{SITE_TITLE}}</a></td></tr>
{{#ARTICLE}}<tr><td style="padding:24px 28px 8px;"><h1 style="margin:0;font-size:26px;line-height:1.25;"><a href="{{URL}}" style="color:#1b1f24;text-decoration:none;">{{TITLE}}</a></h1>
<p style="margin:10px 0 0;font-size:17px;line-height:1.45;color:#4a5360;">{{DEK}}</p>
<p style="margin:10px 0 0;font-family:Arial,Helvetica,sans-serif;font-size:13px;color:#4a5360;">By {{AUTHOR}}</p></td></tr>
{{#HERO}}<tr><td style="padding:16px 28px 0;"><img src="{{HERO_URL}}" alt="{{HERO_ALT}}" width="544" style="display:block;width:100%;height:auto;border:0;">
<p style="margin:6px 0 0;font-family:Arial,Helvetica,sans-serif;font-size:12px;color:#4a5360;">{{HERO_CAPTION}} {{HERO_CREDIT}}</p></td></tr>{{/HERO}}
<tr><td style="padding:16px 28px;font-size:16px;line-height:1.6;">{{BODY_HTML:none}}</td></tr>
<tr><td style="padding:0 28px 24px;"><a href="{{URL}}" style="display:inline-block;padding:10px 16px;background:#0b4f8a;color:#ffffff;font-family:Arial,Helvetica,sans-serif;font-size:14px;text-decoration:none;">Read it on the site</a></td></tr>{{/ARTICLE}}
{{#DIGEST}}<tr><td style="padding:24px 28px 8px;"><h1 style="margin:0;font-size:24px;line-height:1.25;">{{DIGEST_TITLE}}</h1></td></tr>
{{#ITEM}}<tr><td style="padding:12px 28px;border-bottom:1px solid #e3e6ea;"><p style="margin:0;font-family:Arial,Helvetica,sans-serif;font-size:12px;color:#4a5360;text-transform:uppercase;">{{KIND}}</p>
<h2 style="margin:4px 0;font-size:19px;"><a href="{{URL}}" style="color:#0b4f8a;text-decoration:none;">{{TITLE}}</a></h2>
<p style="margin:0;font-size:15px;line-height:1.45;">{{DEK}}</p></td></tr>{{/ITEM}}
{{#EMPTY}}<tr><td style="padding:12px 28px;">Nothing new was published this week.</td></tr>{{/EMPTY}}{{/DIGEST}}
<tr><td style="padding:16px 28px;border-top:1px solid #c9ced6;font-family:Arial,Helvetica,sans-serif;font-size:12px;color:#4a5360;">You receive this because you subscribed to {{SITE_TITLE}}.
<a href="{{MANAGE_URL:none}}" style="color:#0b4f8a;">Choose your newsletters</a> · <a href="{{UNSUBSCRIBE_URL:none}}" style="color:#0b4f8a;">Unsubscribe</a></td></tr>
</table></td></tr></table>
</body>
</html>
