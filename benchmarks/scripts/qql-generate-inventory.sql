-- A large inventory for the query-language benchmark, generated set-based in PostgreSQL:
-- 1,000,000 certificates, 500,000 assets (one interface each), 200 tags (2 per asset),
-- 3,000,000 host instances (6 ports per asset), 3,000,000 instance/certificate links (90 % current)
-- and about 1,400,000 findings. Ids are the series numbers so that the links are plain arithmetic.
-- Run on a database migrated to V1 only; create the query indexes (V2) afterwards, in bulk.
-- :scale multiplies the sizes (1 = the sizes above; 0.1 and 10 work too); the runner replaces
-- every "N * :scale" with the whole number it comes to.

\set ON_ERROR_STOP on

INSERT INTO tag (uuid, name)
SELECT md5('tag' || g)::uuid,
       CASE g WHEN 1 THEN 'Production' WHEN 2 THEN 'Staging' WHEN 3 THEN 'PCI' WHEN 4 THEN 'Internet Facing'
              WHEN 5 THEN 'Legacy' ELSE 'Team-' || lpad(g::text, 3, '0') END
FROM generate_series(1, 200) g;

INSERT INTO asset (id, uuid, identity, name, netbios_name, operating_system, was_url, primary_ip, created, updated)
OVERRIDING SYSTEM VALUE
SELECT g, md5('asset' || g)::uuid, 'host:srv-' || g,
       'srv-' || lpad(g::text, 6, '0') || '.' || (ARRAY['corp','dmz','lab','prod','eu','us'])[1 + g % 6] || '.example.com',
       'SRV' || g,
       (ARRAY['Windows Server 2019','Windows Server 2022','Windows 10','Ubuntu 22.04','Red Hat Enterprise Linux 8',
              'Debian 12','VMware ESXi 7.0','Cisco IOS'])[1 + g % 8],
       CASE WHEN g % 20 = 0 THEN 'https://app' || g || '.example.com/' ELSE '' END,
       ('10.' || ((g >> 16) & 255) || '.' || ((g >> 8) & 255) || '.' || (g & 255))::inet,
       now() - (g % 700) * interval '1 day', now() - (g % 90) * interval '1 day'
FROM generate_series(1, 500000 * :scale) g;

INSERT INTO asset_interface (asset_id, hostname, address)
SELECT id, name, primary_ip FROM asset;

-- Two tags per asset: one of the five common ones, one team tag.
INSERT INTO asset_tag (asset_id, tag_id)
SELECT g, 1 + g % 5 FROM generate_series(1, 500000 * :scale) g
UNION ALL
SELECT g, 6 + g % 195 FROM generate_series(1, 500000 * :scale) g;

INSERT INTO certificate (id, certhash, der, serial_number, subject_dn, subject_name, subject_organization,
    subject_organization_unit, subject_locality, subject_state, subject_country, issuer_dn, issuer_name,
    issuer_organization, issuer_organization_unit, issuer_locality, issuer_state, issuer_country,
    valid_from, valid_to, public_key_algorithm, key_size, signature_algorithm, self_signed, type,
    issuer_category, extended_validation, is_ca, san_values, sources, created, updated, last_found)
OVERRIDING SYSTEM VALUE
SELECT g, md5(g::text) || md5((g + 1)::text), decode(md5(g::text), 'hex'), to_hex(g::bigint * 2654435761),
       'CN=' || s.name, s.name, (ARRAY['Example Corp','Shop Ltd','Acme GmbH',''])[1 + g % 4], '{}', '', '', 'DE',
       'CN=' || i.issuer_name, i.issuer_name, i.issuer_org, '{}', '', '', 'US',
       v.valid_to - interval '398 days', v.valid_to,
       CASE WHEN k.size < 1000 THEN 'EC' ELSE 'RSA' END, k.size,
       CASE WHEN k.size < 1000 THEN 'SHA384withECDSA' WHEN g % 97 = 0 THEN 'SHA1withRSA' ELSE 'SHA256withRSA' END,
       i.issuer_org = '', CASE WHEN g % 1000 = 1 THEN 'Root' WHEN g % 100 = 0 THEN 'Intermediate' ELSE 'Leaf' END,
       CASE WHEN i.issuer_org = '' THEN 'Self-Signed' WHEN i.issuer_org = 'Example Corp' THEN 'Private' ELSE 'Public' END,
       g % 40 = 0, g % 100 = 0 OR g % 1000 = 1,
       ARRAY[lower(s.name), 'www' || g || '.example.net'],
       CASE g % 3 WHEN 0 THEN ARRAY['SCAN'] WHEN 1 THEN ARRAY['IMPORT'] ELSE ARRAY['SCAN','IMPORT'] END,
       now() - ((g * 7) % 800) * interval '1 day',
       now() - ((g::bigint * 7919) % 5184000) * interval '1 second',
       now() - (g % 90) * interval '1 day'
FROM generate_series(1, 1000000 * :scale) g
CROSS JOIN LATERAL (SELECT CASE WHEN g % 50 = 0 THEN '*.dept' || (g % 1000) || '.example.com'
                                ELSE 'host' || g || '.' || (ARRAY['example.com','example.org','corp.local','shop.example.net',
                                     'api.example.com','mail.example.org','vpn.example.com','intra.local','cdn.example.com','db.corp.local'])[1 + g % 10]
                           END AS name) s
CROSS JOIN LATERAL (SELECT (ARRAY['Let''s Encrypt','Let''s Encrypt','DigiCert Inc','Sectigo Limited','GlobalSign nv-sa',
                                  'Example Corp','Example Corp',''])[1 + (g * 13) % 8] AS issuer_org) o
CROSS JOIN LATERAL (SELECT o.issuer_org,
                           CASE o.issuer_org WHEN 'Let''s Encrypt' THEN (ARRAY['R3','R10','R11','E5'])[1 + g % 4]
                                             WHEN 'DigiCert Inc' THEN 'DigiCert TLS RSA SHA256 2020 CA1'
                                             WHEN 'Sectigo Limited' THEN 'Sectigo RSA Domain Validation Secure Server CA'
                                             WHEN 'GlobalSign nv-sa' THEN 'GlobalSign GCC R3 DV TLS CA 2020'
                                             WHEN 'Example Corp' THEN 'Example Issuing CA ' || (1 + g % 3)
                                             ELSE s.name END AS issuer_name) i
CROSS JOIN LATERAL (SELECT (ARRAY[2048, 2048, 2048, 4096, 256, 384, 1024, 3072])[1 + (g * 7) % 8] AS size) k
CROSS JOIN LATERAL (SELECT date_trunc('hour', now()) - interval '200 days'
                           + ((g::bigint * 7919) % (600 * 24)) * interval '1 hour' AS valid_to) v;

-- Six instances per asset (one per port); instance g belongs to asset ((g-1) % A) + 1.
INSERT INTO host_instance (id, asset_id, protocol, port, fqdn, service, ssl_protocols, grade, scanned, created, updated, last_found)
OVERRIDING SYSTEM VALUE
SELECT g, ((g - 1) % (500000 * :scale)) + 1, 'tcp', p.port, '',
       CASE p.port WHEN 443 THEN 'https' WHEN 8443 THEN 'https' WHEN 993 THEN 'imaps' WHEN 636 THEN 'ldaps'
                   WHEN 3389 THEN 'rdp' ELSE 'smtps' END,
       CASE g % 4 WHEN 0 THEN ARRAY['TLSv1.2','TLSv1.3'] WHEN 1 THEN ARRAY['TLSv1.2']
                  WHEN 2 THEN ARRAY['TLSv1','TLSv1.1','TLSv1.2'] ELSE ARRAY['SSLv3','TLSv1','TLSv1.2'] END,
       (ARRAY['A+','A','A','A','A-','B','B','C','F','T','M',''])[1 + (g * 31) % 12],
       now() - (g % 30) * interval '1 day', now() - (g % 400) * interval '1 day', now() - (g % 30) * interval '1 day',
       now() - (g % 30) * interval '1 day'
FROM generate_series(1, 3000000 * :scale) g
CROSS JOIN LATERAL (SELECT (ARRAY[443, 8443, 993, 636, 3389, 465])[1 + (g - 1) / (500000 * :scale)] AS port) p;

-- Each instance serves one certificate; certificate c is on instances c, c + C, c + 2C.
INSERT INTO instance_certificate (instance_id, certificate_id, chain_position, current)
SELECT g, ((g - 1) % (1000000 * :scale)) + 1, 0, g % 10 <> 0
FROM generate_series(1, 3000000 * :scale) g;

INSERT INTO finding (instance_id, qid, title, severity, status)
SELECT g, f.qid, f.title, f.severity, CASE WHEN g % 11 = 0 THEN 'FIXED' ELSE 'ACTIVE' END
FROM generate_series(1, 3000000 * :scale) g
CROSS JOIN LATERAL (SELECT * FROM (VALUES
        (0, 38169, 'SSL Certificate - Self-Signed Certificate', 2),
        (1, 38600, 'SSL Certificate will expire within next six months', 1),
        (2, 38628, 'SSL/TLS Server supports TLSv1.0', 3),
        (3, 38606, 'SSL Server Has SSLv3 Enabled Vulnerability', 3),
        (4, 38170, 'SSL Certificate - Subject Common Name Does Not Match Server FQDN', 2),
        (5, 38657, 'Birthday attacks against TLS ciphers with 64bit block size vulnerability (Sweet32)', 3)) q(k, qid, title, severity)
        WHERE q.k = g % 6) f
WHERE g % 3 = 0 OR g % 7 = 0;

-- The ids above were given, not drawn: later writes (a scan, an import, a remote scanner's
-- observations) draw theirs after the generated ones.
SELECT setval(pg_get_serial_sequence('asset', 'id'), (SELECT max(id) FROM asset));
SELECT setval(pg_get_serial_sequence('host_instance', 'id'), (SELECT max(id) FROM host_instance));
SELECT setval(pg_get_serial_sequence('certificate', 'id'), (SELECT max(id) FROM certificate));
