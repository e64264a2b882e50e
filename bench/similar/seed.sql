-- Seeds :n submitted items in tenant :'tenant' (up to :n in all) from bench/similar/corpus.txt, as the owner, in one of
-- two shapes (:'kind'):
--   shared:  25 clauses drawn from the corpus's ~150 and 12 random characters. Every item shares whole clauses with
--            a sixth of the others: unrelated items score about 0.2 and ~1 % of them 0.3 or more, the worst case for
--            any index (nearly every item shares enough pairs to be a candidate).
--   reports: 8 clauses and 150 characters drawn by their frequency in the corpus: unrelated items score 0.02–0.03,
--            as SimilarItems measured on real Chinese reports (0.01–0.07), with the usual phrases still common.
-- In both, every 20th item is a light edit of the item 7 before it (a near-duplicate to find). Then the tenant's pair
-- counts are recounted, as the consumer's first scans would have left them.
\set ON_ERROR_STOP on
WITH pool AS (
    SELECT array_agg(c) AS clauses FROM (
        SELECT DISTINCT trim(c) AS c FROM regexp_split_to_table(:'corpus', '[，。；：、！？“”]') AS c WHERE char_length(trim(c)) >= 4) x
), chars AS (
    SELECT array_agg(ch) AS cs FROM regexp_split_to_table(regexp_replace(:'corpus', '[^\u4e00-\u9fff]', '', 'g'), '') AS ch
), present AS (SELECT count(*) AS k FROM submissions WHERE tenant_id = :'tenant'),
made AS (
    -- (k in each aggregate's argument keeps it the subquery's own, evaluated per item)
    SELECT g, (SELECT string_agg(p.clauses[1 + floor(random() * cardinality(p.clauses))::int + 0 * k], '，')
               FROM generate_series(1, CASE :'kind' WHEN 'shared' THEN 25 ELSE 8 END) AS k WHERE g > 0)
        || '。' || CASE :'kind'
            WHEN 'shared' THEN (SELECT string_agg(chr(19968 + floor(random() * 3000)::int + 0 * k), '') FROM generate_series(1, 12) AS k WHERE g > 0)
            ELSE (SELECT string_agg(h.cs[1 + floor(random() * cardinality(h.cs))::int + 0 * k], '') FROM generate_series(1, 150) AS k WHERE g > 0)
        END AS body
    FROM pool p, chars h, present, generate_series(present.k + 1, :n) AS g
)
INSERT INTO submissions (id, tenant_id, title, body, author_person_id, author_person_ids, unit_id, type, themes, status,
    content_version, created_at, updated_at, submitted_at, channel, submit_count, adoption_levels)
SELECT gen_random_uuid(), :'tenant', '关于' || left(body, 12) || '的建议', body, '00000000-0000-4000-8000-000000000001',
    ARRAY['00000000-0000-4000-8000-000000000001'::uuid], '00000000-0000-4000-8000-000000000002', 'SituationReport', '{}', 'Submitted',
    1, now(), now(), now() - make_interval(secs => (:n - g)), 'Portal', 1, '{}'
FROM made;
-- The near-duplicates: every 20th item rewritten as an edited copy of an item before it.
UPDATE submissions s SET body = regexp_replace(o.body, '建议', '意见', 'g') || '请有关部门研究。'
FROM (SELECT id, body, row_number() OVER (ORDER BY submitted_at) AS r FROM submissions WHERE tenant_id = :'tenant') o,
     (SELECT id, row_number() OVER (ORDER BY submitted_at) AS r FROM submissions WHERE tenant_id = :'tenant') t
WHERE s.id = t.id AND t.r % 20 = 0 AND o.r = t.r - 7 AND s.body NOT LIKE '%请有关部门研究。';
DELETE FROM similar_pair_counts WHERE tenant_id = :'tenant';
INSERT INTO similar_pair_counts (tenant_id, pair, items)
SELECT s.tenant_id, p.pair, count(*) FROM submissions s CROSS JOIN LATERAL unnest(tsvector_to_array(s.search_vector)) AS p(pair)
WHERE s.tenant_id = :'tenant' GROUP BY s.tenant_id, p.pair;
-- As autovacuum leaves a table it keeps up with: the search index's pending list merged, hint bits set.
VACUUM ANALYZE submissions;
ANALYZE similar_pair_counts;
