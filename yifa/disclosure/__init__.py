"""Public disclosure of enforcement decisions (执法公示, 3S; APL 48): the public record made from
the case's own data when the decision is served, reviewed and released by the agency, withdrawn
when the decision is revoked, changed or voided, and taken down after its term."""
