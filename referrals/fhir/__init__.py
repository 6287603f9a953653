"""Referrals in HL7 FHIR R4 (Gravity Project SDOH Clinical Care closed-loop referral), served at /fhir/.

`resources` builds the FHIR resources from the models, `inbound` turns what a partner system sends into
calls of `referrals.services`, `views` is the HTTP layer. docs/standards.md maps the states."""
