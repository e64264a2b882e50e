-- Seeds :n submitted items in tenant 'bench-similar' (up to :n in all) from a pool of clauses of Chinese reports:
-- each item takes 25 clauses at random and a tail of random characters, so items share the usual phrases and a few
-- share much; every 20th item is a light edit of an earlier one (a near-duplicate to find). Runs as the owner.
\set ON_ERROR_STOP on
WITH pool AS (
    SELECT array_agg(c) AS clauses FROM (
        SELECT DISTINCT trim(c) AS c FROM regexp_split_to_table(:'corpus', '[，。；：、！？“”]') AS c WHERE char_length(trim(c)) >= 4) x
), present AS (SELECT count(*) AS k FROM submissions WHERE tenant_id = 'bench-similar'),
made AS (
    -- (k in each aggregate's argument keeps it the subquery's own, evaluated per item)
    SELECT g, (SELECT string_agg(p.clauses[1 + floor(random() * cardinality(p.clauses))::int + 0 * k], '，') FROM generate_series(1, 25) AS k WHERE g > 0)
        || '。' || (SELECT string_agg(chr(19968 + floor(random() * 3000)::int + 0 * k), '') FROM generate_series(1, 12) AS k WHERE g > 0) AS body
    FROM pool p, present, generate_series(present.k + 1, :n) AS g
)
INSERT INTO submissions (id, tenant_id, title, body, author_person_id, author_person_ids, unit_id, type, themes, status,
    content_version, created_at, updated_at, submitted_at, channel, submit_count, adoption_levels)
SELECT gen_random_uuid(), 'bench-similar', '关于' || left(body, 12) || '的建议', body, '00000000-0000-4000-8000-000000000001',
    ARRAY['00000000-0000-4000-8000-000000000001'::uuid], '00000000-0000-4000-8000-000000000002', 'SituationReport', '{}', 'Submitted',
    1, now(), now(), now() - make_interval(secs => (:n - g)), 'Portal', 1, '{}'
FROM made;
-- The near-duplicates: every 20th item rewritten as an edited copy of an item before it.
UPDATE submissions s SET body = regexp_replace(o.body, '建议', '意见', 'g') || '请有关部门研究。'
FROM (SELECT id, body, row_number() OVER (ORDER BY submitted_at) AS r FROM submissions WHERE tenant_id = 'bench-similar') o,
     (SELECT id, row_number() OVER (ORDER BY submitted_at) AS r FROM submissions WHERE tenant_id = 'bench-similar') t
WHERE s.id = t.id AND t.r % 20 = 0 AND o.r = t.r - 7 AND s.body NOT LIKE '%请有关部门研究。';
ANALYZE submissions;
