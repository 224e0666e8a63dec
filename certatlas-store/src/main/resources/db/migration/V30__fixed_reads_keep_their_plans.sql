-- The server's connections plan every statement for its own values (plan_cache_mode =
-- force_custom_plan, Database.poolConfig): a list's plan depends on how many rows its scope and
-- filter hold. Two reads that every uncached page makes have one right plan whatever their values,
-- and planning them again each time cost 0.3 and 0.4 ms a page under load, more than a third of
-- what reading the 200 stored documents costs: the documents of a page (CertificateDocuments.held)
-- and the account a token names (Accounts.find). Each now runs in a PL/pgSQL function, whose
-- statement PostgreSQL prepares once per connection, and which lets it keep the generic plan.

-- What a snapshot holds for each of these certificates: its stamp, its body when one is stored,
-- and the root's name when the root is in the inventory (V25).
CREATE FUNCTION certificate_documents_held(ids bigint[])
    RETURNS TABLE (held_id bigint, held_stamp bigint, held_body bytea,
                   root_dn text, root_name text, root_organization text, root_organization_unit text[],
                   root_locality text, root_state text, root_country text)
    LANGUAGE plpgsql STABLE SET plan_cache_mode = auto AS $$
BEGIN
    RETURN QUERY
    SELECT x.id, coalesce(d.stamp, 0), d.body,
           r.subject_dn, r.subject_name, r.subject_organization, r.subject_organization_unit,
           r.subject_locality, r.subject_state, r.subject_country
      FROM unnest(ids) x(id)
      LEFT JOIN certificate_document d ON d.certificate_id = x.id
      LEFT JOIN certificate r ON r.certhash = d.root_certhash AND d.body IS NOT NULL;
END $$;

-- An account as the server reads it: its row, its login throttle, and its scope's tags (names
-- sorted as shown, ids sorted as compared). The one definition every account lookup reads.
CREATE VIEW account_row AS
SELECT u.id, u.uuid, u.username, u.password_hash, u.role, u.token_generation, u.created,
       coalesce(th.failures, 0) AS failed_logins,
       CASE WHEN th.locked_until > now() THEN th.locked_until END AS locked_until,
       coalesce(array(SELECT t.name FROM user_scope_tag s JOIN tag t ON t.id = s.tag_id
                       WHERE s.user_id = u.id ORDER BY lower(t.name)), '{}') AS scope_tags,
       coalesce(array(SELECT s.tag_id FROM user_scope_tag s WHERE s.user_id = u.id ORDER BY s.tag_id), '{}')
           AS scope_tag_ids
  FROM app_user u
  LEFT JOIN login_throttle th ON th.subject = 'account:' || u.id;

-- The account a token names; asked on every authenticated request.
CREATE FUNCTION account_by_uuid(wanted uuid) RETURNS SETOF account_row
    LANGUAGE plpgsql STABLE SET plan_cache_mode = auto AS $$
BEGIN
    RETURN QUERY SELECT * FROM account_row a WHERE a.uuid = wanted;
END $$;
