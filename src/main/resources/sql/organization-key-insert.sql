-- an identity of an organization, sealed: a new one (created now, active), or an imported one with its own dates
INSERT INTO organization_key (id, organization_id, recipient, identity_sealed, created_at, retired_at)
VALUES (:#id, :#organization_id, :#recipient, :#identity_sealed, coalesce(CAST(:#created_at AS timestamptz), now()),
        CAST(:#retired_at AS timestamptz))
