-- A webhook URL may no longer carry a user name or password: receiver settings are stored in
-- clear and answered to every manager, so credentials there were shown to all of them. Take
-- them out of the receivers saved before; the receiver authenticates CertAtlas by the signature.
UPDATE alert_receiver
   SET settings = jsonb_set(settings, '{url}',
                            to_jsonb(regexp_replace(settings ->> 'url', '^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@', '\1'))),
       updated  = now()
 WHERE kind = 'WEBHOOK'
   AND settings ->> 'url' ~ '^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*@';
