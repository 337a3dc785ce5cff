-- name: disclosures
-- description: Which standard tables each report carries (present, empty, missing), in the order reports print them
-- param year: integer; fiscal year, e.g. 2024 (all years when omitted)
-- param department: department name or any of its aliases (all departments when omitted)
-- param status: present, empty or missing, or its Chinese name (every status when omitted)
--
-- core is 1 for the nine standard tables most reports carry; `budgetdb
-- check` notes a core table a report's disclosures record as missing or
-- do not list.
SELECT d.year, d.department, d.title AS "table", d.status, s.label AS status_label,
       d.page, d.note, t.core, d.source
  FROM disclosures d
  JOIN standard_tables t ON t.id = d.title
  JOIN disclosure_statuses s ON s.id = d.status
 WHERE (NULLIF(:year, '') IS NULL OR d.year = NULLIF(:year, ''))
   AND (NULLIF(:department, '') IS NULL OR d.department = NULLIF(:department, '')
        OR d.department IN (SELECT canonical FROM alias_resolution WHERE alias = NULLIF(:department, '')))
   AND (NULLIF(:status, '') IS NULL OR d.status = NULLIF(:status, '') OR s.label = NULLIF(:status, ''))
 ORDER BY d.year, d.department, t.sort_order;
