-- whether the organization holds this recipient's identity already (an escrow import skips it)
SELECT recipient FROM organization_key WHERE organization_id = :#organization_id AND recipient = :#recipient
