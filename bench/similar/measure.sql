-- The near-duplicate scan for :probes recent items of tenant :'tenant', timed one at a time, alternating: through
-- the index (similar_submissions, now) and every earlier item scored (similar_submissions_exhaustive, what the
-- consumer ran before). Prints one line: items present, probes, p50/p95 ms of each, the ratio of the p50s, the
-- share of the tenant's items the index left to score, and how many probes got the same answer from both.
\set ON_ERROR_STOP on
CREATE OR REPLACE FUNCTION bench_scan_time(probes uuid[]) RETURNS TABLE (probe uuid, fn text, ms double precision, answer text)
LANGUAGE plpgsql AS $$
DECLARE p uuid; t0 timestamptz; f text;
BEGIN
    FOREACH p IN ARRAY probes LOOP
        FOREACH f IN ARRAY ARRAY['similar_submissions', 'similar_submissions_exhaustive'] LOOP
            t0 := clock_timestamp();
            EXECUTE format('SELECT string_agg(id || '':'' || score, '','') FROM %I($1, 0.3, 10)', f) INTO answer USING p;
            probe := p; fn := f; ms := extract(epoch FROM clock_timestamp() - t0) * 1000;
            RETURN NEXT;
        END LOOP;
    END LOOP;
END $$;
CREATE TEMP TABLE probes AS
    SELECT array_agg(id) AS ids FROM (
        SELECT id FROM submissions WHERE tenant_id = :'tenant' ORDER BY submitted_at DESC LIMIT :probes) r;
SELECT count(*) FROM similar_submissions((SELECT ids[1] FROM probes), 0.3, 10); -- warm-up
CREATE TEMP TABLE timed AS SELECT * FROM bench_scan_time((SELECT ids FROM probes));
-- What the index left to score: the items matching one of each probe's queries (of the tenant, all states; asked
-- with the generic plan similar_submissions uses).
CREATE OR REPLACE FUNCTION bench_scored(item uuid) RETURNS bigint LANGUAGE plpgsql STABLE SET plan_cache_mode = force_generic_plan AS $$
DECLARE t text; q tsquery[]; n bigint;
BEGIN
    SELECT s.tenant_id, similar_probe(s.tenant_id, strip(s.search_vector), floor(0.3 * length(s.search_vector))::integer) INTO t, q
    FROM submissions s WHERE s.id = item;
    SELECT count(*) INTO n FROM submissions c WHERE c.tenant_id = t AND c.search_vector @@ ANY (q);
    RETURN n;
END $$;
CREATE TEMP TABLE scored AS SELECT s.id, bench_scored(s.id) AS n FROM submissions s, probes WHERE s.id = ANY(probes.ids);
SELECT format('| %s | %s | %s / %s ms | %s / %s ms | %sx | %s %% | %s of %s |',
    (SELECT to_char(count(*), 'FM999,999,999') FROM submissions WHERE tenant_id = :'tenant'),
    (SELECT cardinality(ids) FROM probes),
    round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) FILTER (WHERE fn = 'similar_submissions_exhaustive')::numeric, 2),
    round(percentile_cont(0.95) WITHIN GROUP (ORDER BY ms) FILTER (WHERE fn = 'similar_submissions_exhaustive')::numeric, 2),
    round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) FILTER (WHERE fn = 'similar_submissions')::numeric, 2),
    round(percentile_cont(0.95) WITHIN GROUP (ORDER BY ms) FILTER (WHERE fn = 'similar_submissions')::numeric, 2),
    round((percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) FILTER (WHERE fn = 'similar_submissions_exhaustive')
        / nullif(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) FILTER (WHERE fn = 'similar_submissions'), 0))::numeric, 1),
    (SELECT round(100 * avg(n) / (SELECT count(*) FROM submissions WHERE tenant_id = :'tenant'), 1) FROM scored),
    (SELECT count(*) FROM timed a JOIN timed b ON a.probe = b.probe AND a.fn = 'similar_submissions' AND b.fn = 'similar_submissions_exhaustive'
        WHERE a.answer IS NOT DISTINCT FROM b.answer),
    (SELECT cardinality(ids) FROM probes))
FROM timed;
