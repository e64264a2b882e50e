-- The submit's database work for :probes recent items of tenant 'bench-similar', timed one at a time in a
-- subtransaction that is rolled back: the status update and the outbox row (what the submit's transaction holds
-- now), and the same plus the near-duplicate scan over every earlier item (what it held before this change; the scan
-- now runs in intake's consumer after the commit). Prints one line: items present, p50/p95 ms of each, the ratio of
-- the p50s, and the scan alone.
\set ON_ERROR_STOP on
CREATE OR REPLACE FUNCTION bench_submit_time(probes uuid[], with_scan boolean) RETURNS TABLE (probe uuid, ms double precision)
LANGUAGE plpgsql AS $$
DECLARE p uuid; t0 timestamptz; n integer;
BEGIN
    FOREACH p IN ARRAY probes LOOP
        t0 := clock_timestamp();
        BEGIN
            UPDATE submissions SET status = 'Submitted', submit_count = submit_count + 1, updated_at = now() WHERE id = p;
            INSERT INTO outbox_messages (id, tenant_id, type, payload, created_at, attempts, next_attempt_at)
                VALUES (gen_random_uuid(), 'bench-similar', 'SubmissionSubmitted', json_build_object('submissionId', p)::jsonb, now(), 0, now());
            IF with_scan THEN SELECT count(*) INTO n FROM similar_submissions(p, 0.3, 10); END IF;
            RAISE EXCEPTION 'bench: roll back' USING ERRCODE = 'P0001';
        EXCEPTION WHEN SQLSTATE 'P0001' THEN NULL;
        END;
        probe := p; ms := extract(epoch FROM clock_timestamp() - t0) * 1000;
        RETURN NEXT;
    END LOOP;
END $$;
CREATE OR REPLACE FUNCTION bench_scan_time(probes uuid[]) RETURNS TABLE (probe uuid, ms double precision) LANGUAGE plpgsql AS $$
DECLARE p uuid; t0 timestamptz; n integer;
BEGIN
    FOREACH p IN ARRAY probes LOOP
        t0 := clock_timestamp();
        SELECT count(*) INTO n FROM similar_submissions(p, 0.3, 10);
        probe := p; ms := extract(epoch FROM clock_timestamp() - t0) * 1000;
        RETURN NEXT;
    END LOOP;
END $$;
CREATE TEMP TABLE probes AS
    SELECT array_agg(id) AS ids FROM (
        SELECT id FROM submissions WHERE tenant_id = 'bench-similar' ORDER BY submitted_at DESC LIMIT 1000) r
    WHERE random() < (:probes)::float / 1000;
SELECT count(*) FROM bench_submit_time((SELECT ids[1:3] FROM probes), true); -- warm-up
CREATE TEMP TABLE timed AS
    SELECT 'after' AS fn, * FROM bench_submit_time((SELECT ids FROM probes), false)
    UNION ALL SELECT 'before', * FROM bench_submit_time((SELECT ids FROM probes), true)
    UNION ALL SELECT 'scan', * FROM bench_scan_time((SELECT ids FROM probes));
SELECT format('| %s | %s | %s / %s ms | %s / %s ms | %sx | %s / %s ms |',
    (SELECT to_char(count(*), 'FM999,999,999') FROM submissions WHERE tenant_id = 'bench-similar'),
    (SELECT cardinality(ids) FROM probes),
    round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) FILTER (WHERE fn = 'before')::numeric, 2),
    round(percentile_cont(0.95) WITHIN GROUP (ORDER BY ms) FILTER (WHERE fn = 'before')::numeric, 2),
    round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) FILTER (WHERE fn = 'after')::numeric, 2),
    round(percentile_cont(0.95) WITHIN GROUP (ORDER BY ms) FILTER (WHERE fn = 'after')::numeric, 2),
    round((percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) FILTER (WHERE fn = 'before')
        / nullif(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) FILTER (WHERE fn = 'after'), 0))::numeric, 1),
    round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) FILTER (WHERE fn = 'scan')::numeric, 2),
    round(percentile_cont(0.95) WITHIN GROUP (ORDER BY ms) FILTER (WHERE fn = 'scan')::numeric, 2))
FROM timed;
