using System.Net;
using System.Net.Http.Json;
using Npgsql;
using SheqingMinyi.Bench.Tools;

namespace SheqingMinyi.Bench.Measures;

/// <summary>
/// Row 4: create + submit a submission through the gateway as the member 张明 (32 loops, 10 s, each pair with
/// Idempotency-Keys and the create's ETag as If-Match), against pgbench doing the same two transactions on a
/// scratch table pair in the intake database: insert a draft; then update it and insert an outbox row.
/// </summary>
public static class CreateSubmit
{
    public const string Member = "zhangming";
    public static readonly Guid ZhangMing = Guid.Parse("0e5b1c2a-0002-4000-8000-000000000001");
    /// <summary>张明's unit, 经济委员会: intake credits only units the people service announced.</summary>
    public static readonly Guid SpbEconomyCommittee = Guid.Parse("0e5b1c2a-0001-4000-8000-000000000001");

    private const string ScratchTables = """
        DROP TABLE IF EXISTS bench_items, bench_outbox;
        CREATE TABLE bench_items (id uuid PRIMARY KEY, tenant_id varchar(64) NOT NULL, title text NOT NULL, body text NOT NULL,
            author_person_id uuid NOT NULL, unit_id uuid NOT NULL, status text NOT NULL, version int NOT NULL,
            created_at timestamptz NOT NULL, submitted_at timestamptz);
        CREATE INDEX ON bench_items (tenant_id, author_person_id);
        CREATE TABLE bench_outbox (LIKE outbox_messages INCLUDING ALL);
        """;

    // pgbench substitutes :variables as text, not inside quotes: the uuid is spelled from two random numbers.
    private const string Script = """
        \set a random(1, 16777215)
        \set b random(1, 16777215)
        BEGIN;
        INSERT INTO bench_items VALUES (('00000000-0000-4000-8000-' || lpad(to_hex(:a), 6, '0') || lpad(to_hex(:b), 6, '0'))::uuid, 'spb-zx',
            '关于优化公交线路的建议', '沙坪坝区部分公交线路重叠……', '0e5b1c2a-0002-4000-8000-000000000001', gen_random_uuid(), 'draft', 1, now(), NULL);
        COMMIT;
        BEGIN;
        SELECT version FROM bench_items WHERE id = ('00000000-0000-4000-8000-' || lpad(to_hex(:a), 6, '0') || lpad(to_hex(:b), 6, '0'))::uuid AND tenant_id = 'spb-zx';
        UPDATE bench_items SET status = 'submitted', version = version + 1, submitted_at = now()
            WHERE id = ('00000000-0000-4000-8000-' || lpad(to_hex(:a), 6, '0') || lpad(to_hex(:b), 6, '0'))::uuid AND version = 1;
        INSERT INTO bench_outbox (id, tenant_id, type, payload, created_at, attempts, next_attempt_at)
            VALUES (gen_random_uuid(), 'spb-zx', 'SubmissionSubmitted', json_build_object('n', :a)::jsonb, now(), 0, now());
        COMMIT;
        """;

    public static async Task<Rate> ThroughGatewayAsync(HttpClient member, int seconds = 10) =>
        await LoadLoop.RunAsync(() => OnceAsync(member), seconds: seconds);

    public static async Task<bool> OnceAsync(HttpClient member)
    {
        var create = new HttpRequestMessage(HttpMethod.Post, "/api/intake/submissions")
        {
            Content = JsonContent.Create(new { title = "关于优化公交线路的建议", body = "沙坪坝区部分公交线路重叠……", authorPersonId = ZhangMing, unitId = SpbEconomyCommittee }),
        };
        create.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var created = await member.SendAsync(create);
        if (created.StatusCode != HttpStatusCode.Created) return false;
        var id = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid();
        var submit = new HttpRequestMessage(HttpMethod.Post, $"/api/intake/submissions/{id}/submit");
        submit.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        submit.Headers.TryAddWithoutValidation("If-Match", created.Headers.ETag!.Tag);
        using var submitted = await member.SendAsync(submit);
        return submitted.StatusCode == HttpStatusCode.OK;
    }

    public static async Task RunAsync(BenchContext bench, List<(int Existing, Rate Rate)> growth)
    {
        var owner = bench.Intake.ConnectionString("intakedb-owner");
        using var member = await Tokens.SignedInAsync(Member);
        // Warm-up long enough for intake's JIT to settle: rows 1-3 never call intake, and 2 s left a third of intake's
        // CPU in the JIT during the measured 10 s (perf, 2026-12-03; docs/performance.md).
        await ThroughGatewayAsync(member, seconds: 15);
        // The CPU is read from drained to drained: the events the load raised (review's case, scoring's settlement, people's
        // record, intake's own scan) are part of its cost, and none of the warm-up's (or an earlier run's) are.
        var superuser = PgStats.Superuser(owner);
        var before = await EventBacklog.DrainAsync(bench.Redis, superuser, TimeSpan.FromSeconds(120));
        // Idle read again, drained: the reading at the bench's start may catch the platform working off an earlier run's
        // events, which over this longer window would be subtracted from this run's work.
        await bench.ReadIdleCpuAsync(TimeSpan.FromSeconds(5));
        // PostgreSQL's side of the same window, statement by statement (bench/results/row4-postgres.md).
        var (pg, noStats) = await PgStats.TryStartAsync(owner);
        var ((api, after), apiCpu) = await bench.CpuOfAsync(async () =>
        {
            var rate = await bench.Memory.DuringAsync(ThroughGatewayAsync(member));
            return (rate, await EventBacklog.DrainAsync(bench.Redis, superuser, TimeSpan.FromSeconds(180)));
        });
        bench.Table.Notes.Add($"4 CPU per create + submit through the gateway, events worked off included: {CpuSampler.PerOperation(apiCpu, api.PerSecond * 10, "ms")}" +
            $" (backlog drained {before.Seconds:0.#} s before the load, {before.Left} left; {after.Seconds:0.#} s after it, {after.Left} left)");
        if (pg is null) bench.Table.Notes.Add($"4 PostgreSQL statements not read: {noStats}");
        else
        {
            var report = await pg.ReportAsync(api.PerSecond * 10, "create + submit pair");
            await File.WriteAllTextAsync(Path.Combine(Platform.RepositoryRoot, "bench/results/row4-postgres.md"), report);
            bench.Table.Notes.Add("4 PostgreSQL per pair, statement by statement: bench/results/row4-postgres.md");
        }
        growth.Add(((int)await SubmissionCountAsync(owner), api));

        await ExecuteAsync(owner, ScratchTables);
        Rate anchor;
        Dictionary<string, double> anchorCpu;
        try { (anchor, anchorCpu) = await bench.CpuOfAsync(() => PgBench.RunAsync(owner, Script)); }
        finally { await ExecuteAsync(owner, "DROP TABLE IF EXISTS bench_items, bench_outbox"); }
        bench.Table.Notes.Add($"4 CPU per pgbench insert; update + outbox insert: {CpuSampler.PerOperation(anchorCpu, anchor.PerSecond * 10, "ms")}");
        var ratio = api.PerSecond / anchor.PerSecond;
        bench.Table.Add(new Row("4. create + submit via gateway (durable), 32 loops", Row.WithErrors(api), Row.Ms(api.P50Ms), Row.Ms(api.P99Ms),
            $"pgbench insert; update + outbox insert, 32 clients: {Row.PerSecond(anchor)}, p50 {Row.Ms(anchor.P50Ms)}", Row.X(ratio), "≥ 0.60",
            Row.Yes(ratio >= 0.6 && api.Errors == 0)));
    }

    public static async Task<long> SubmissionCountAsync(string owner)
    {
        await using var connection = new NpgsqlConnection(owner);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM submissions", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
