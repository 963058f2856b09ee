-- the rules set for the organization, and those set at exchangeProperty.scope (the organization again, or one environment)
SELECT (SELECT rules FROM alert_rules WHERE scope = :#${exchangeProperty.ruleOrganization}) AS organization,
       (SELECT rules FROM alert_rules WHERE scope = :#${exchangeProperty.scope}) AS own
