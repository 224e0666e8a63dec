-- Indexes behind the query language (docs/query-language.md). Text tokens match with ILIKE
-- (substring, whole value ignoring case, or a * pattern), which trigram GIN indexes serve
-- whatever the position of the wildcard; list columns use GIN array containment; dates and
-- numbers use B-trees; addresses use GiST so that a CIDR block (<<=) is an index search.

CREATE INDEX certificate_subject_name_trgm         ON certificate USING gin (subject_name gin_trgm_ops);
CREATE INDEX certificate_subject_organization_trgm ON certificate USING gin (subject_organization gin_trgm_ops);
CREATE INDEX certificate_issuer_name_trgm          ON certificate USING gin (issuer_name gin_trgm_ops);
CREATE INDEX certificate_issuer_organization_trgm  ON certificate USING gin (issuer_organization gin_trgm_ops);
CREATE INDEX certificate_serial_number_trgm        ON certificate USING gin (serial_number gin_trgm_ops);
CREATE INDEX certificate_signature_algorithm       ON certificate (signature_algorithm);
CREATE INDEX certificate_public_key_algorithm      ON certificate (public_key_algorithm);
CREATE INDEX certificate_san_values                ON certificate USING gin (san_values);
CREATE INDEX certificate_sources                   ON certificate USING gin (sources);
CREATE INDEX certificate_valid_to                  ON certificate (valid_to, id);
CREATE INDEX certificate_valid_from                ON certificate (valid_from, id);
CREATE INDEX certificate_last_found                ON certificate (last_found, id);
CREATE INDEX certificate_created                   ON certificate (created, id);
-- The default sort of every certificate list is updated desc, id desc.
CREATE INDEX certificate_updated                   ON certificate (updated, id);
CREATE INDEX certificate_key_size                  ON certificate (key_size);
CREATE INDEX certificate_type                      ON certificate (type);
CREATE INDEX certificate_issuer_category           ON certificate (issuer_category);

CREATE INDEX asset_name_trgm             ON asset USING gin (name gin_trgm_ops);
CREATE INDEX asset_netbios_name_trgm     ON asset USING gin (netbios_name gin_trgm_ops);
CREATE INDEX asset_operating_system_trgm ON asset USING gin (operating_system gin_trgm_ops);
CREATE INDEX asset_was_url_trgm          ON asset USING gin (was_url gin_trgm_ops);
CREATE INDEX asset_primary_ip            ON asset USING gist (primary_ip inet_ops);

CREATE INDEX asset_interface_hostname_trgm ON asset_interface USING gin (hostname gin_trgm_ops);
CREATE INDEX asset_interface_address       ON asset_interface USING gist (address inet_ops);

CREATE INDEX tag_name_trgm ON tag USING gin (name gin_trgm_ops);

CREATE INDEX host_instance_port          ON host_instance (port);
CREATE INDEX host_instance_grade         ON host_instance (grade);
CREATE INDEX host_instance_fqdn_trgm     ON host_instance USING gin (fqdn gin_trgm_ops);
CREATE INDEX host_instance_service_trgm  ON host_instance USING gin (service gin_trgm_ops);
CREATE INDEX host_instance_ssl_protocols ON host_instance USING gin (ssl_protocols);

CREATE INDEX finding_by_severity ON finding (severity, instance_id) WHERE status = 'ACTIVE';
CREATE INDEX finding_title_trgm  ON finding USING gin (title gin_trgm_ops) WHERE status = 'ACTIVE';
