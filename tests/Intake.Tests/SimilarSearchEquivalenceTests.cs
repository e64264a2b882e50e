using Npgsql;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Intake.Tests;

/// <summary>
/// The near-duplicate search through the index (similar_submissions: only items matching the probe of the item's
/// rarest pairs are scored) gives exactly the answer of scoring every earlier item (similar_submissions_exhaustive):
/// the same items, scores and order, on random texts near the threshold and on recombined Chinese reports, with pair
/// counts missing, exact or wrong, and after edits that change the texts. Run as the application login, under row
/// security.
/// </summary>
public sealed class SimilarSearchEquivalenceTests(IntakeFactory factory) : IClassFixture<IntakeFactory>
{
    private sealed record Item(string Title, string Body, string Status, int? SubmittedSecond);

    private sealed record Comparison(int Items, int Matches);

    [Fact]
    public async Task Random_texts_near_the_threshold_get_the_exhaustive_answer_whatever_the_pair_counts()
    {
        var random = new Random(8);
        var tenant = Tenants.New();
        var ids = await SeedAsync(tenant, RandomItems(random, 240));

        var none = await CompareAllAsync(tenant, ids);
        await CountPairsExactlyAsync(tenant);
        var exact = await CompareAllAsync(tenant, ids);
        await CountPairsWronglyAsync(tenant);
        var wrong = await CompareAllAsync(tenant, ids);

        // Each comparison covered items with matches (none of them is vacuous).
        foreach (var run in new[] { none, exact, wrong }) Assert.True(run.Matches >= 200, $"{run.Matches} matches over {run.Items} items");
        Assert.Equal(none, exact);
        Assert.Equal(none, wrong);
    }

    /// <summary>
    /// An earlier item whose pairs are all in the later one and just reach the threshold (m of n pairs, m/n = the
    /// threshold): the least overlap the search may assume. Its pairs are the later item's most common ones, so a
    /// search that asked for one pair more would miss it.
    /// </summary>
    [Fact]
    public async Task An_earlier_item_at_exactly_the_threshold_is_found()
    {
        var tenant = Tenants.New();
        var shapes = new (int Shared, int Pairs)[] { (6, 20), (9, 30), (15, 50), (5, 10), (10, 20) };
        var items = new List<Item>();
        foreach (var (shape, index) in shapes.Select((shape, index) => (shape, index)))
        {
            string Run(int from, int pairs) => new([.. Enumerable.Range(0, pairs + 1).Select(k => (char)(0x4E00 + 200 * index + from + k))]);
            var earlier = Run(0, shape.Shared);
            items.Add(new("", earlier, "Submitted", 2 * index));
            items.Add(new("", earlier + "，" + Run(100, shape.Pairs - shape.Shared), "Submitted", 2 * index + 1));
            items.Add(new("", earlier, "Submitted", 2 * index)); // the earlier item's pairs twice as common
        }
        var ids = await SeedAsync(tenant, items);
        await CountPairsExactlyAsync(tenant);

        await CompareAllAsync(tenant, ids);
        await using var connection = await ApplicationConnectionAsync(tenant);
        foreach (var (shape, index) in shapes.Select((shape, index) => (shape, index)))
        {
            var found = await MatchesAsync(connection, "similar_submissions", ids[3 * index + 1], (double)shape.Shared / shape.Pairs, 10);
            Assert.Contains(ids[3 * index], found.Select(m => m.Id));
            Assert.Equal((double)shape.Shared / shape.Pairs, found.Single(m => m.Id == ids[3 * index]).Score);
        }
    }

    [Fact]
    public async Task Recombined_reports_and_their_edits_get_the_exhaustive_answer()
    {
        var random = new Random(80);
        var tenant = Tenants.New();
        var clauses = Clauses();
        var items = Reports(random, clauses, 160);
        var ids = await SeedAsync(tenant, items);
        await CountPairsExactlyAsync(tenant);

        var before = await CompareAllAsync(tenant, ids);
        Assert.True(before.Matches >= 40, $"{before.Matches} matches");

        // Edits after the counts: a third of the items rewritten (clauses added, replaced or dropped).
        foreach (var id in ids.Where((_, i) => i % 3 == 0))
            await SearchData.ExecuteAsync(factory, "UPDATE submissions SET body = $2, content_version = content_version + 1 WHERE id = $1",
                id, string.Join("，", Enumerable.Range(0, random.Next(3, 18)).Select(_ => clauses[random.Next(clauses.Length)])) + "。");
        var after = await CompareAllAsync(tenant, ids);
        Assert.True(after.Matches >= 20, $"{after.Matches} matches");
        Assert.NotEqual(before, after);
    }

    /// <summary>For every item, both functions at several thresholds and list lengths: equal lists of (id, score).</summary>
    private async Task<Comparison> CompareAllAsync(string tenant, IReadOnlyList<Guid> ids)
    {
        await using var connection = await ApplicationConnectionAsync(tenant);
        var matches = 0;
        foreach (var id in ids)
        foreach (var (threshold, max) in new[] { (0.3, 10), (0.3, 1000), (0.1, 1000), (0.5, 1000), (0.75, 1000), (0.45, 1000) })
        {
            var indexed = await MatchesAsync(connection, "similar_submissions", id, threshold, max);
            var exhaustive = await MatchesAsync(connection, "similar_submissions_exhaustive", id, threshold, max);
            Assert.True(exhaustive.SequenceEqual(indexed),
                $"item {id}, threshold {threshold}: exhaustive [{string.Join(", ", exhaustive)}], indexed [{string.Join(", ", indexed)}]");
            if ((threshold, max) == (0.3, 1000)) matches += exhaustive.Count;
        }
        return new(ids.Count, matches);
    }

    private async Task<NpgsqlConnection> ApplicationConnectionAsync(string tenant)
    {
        var connection = new NpgsqlConnection(factory.ApplicationConnectionString);
        await connection.OpenAsync();
        await using var set = new NpgsqlCommand("SELECT set_config('app.tenant_id', $1, false)", connection) { Parameters = { new() { Value = tenant } } };
        await set.ExecuteNonQueryAsync();
        return connection;
    }

    private static async Task<List<(Guid Id, double Score)>> MatchesAsync(NpgsqlConnection connection, string function, Guid id, double threshold, int max)
    {
        await using var command = new NpgsqlCommand($"SELECT id, score FROM {function}($1, $2, $3)", connection)
        {
            Parameters = { new() { Value = id }, new() { Value = threshold }, new() { Value = max } },
        };
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(Guid, double)>();
        while (await reader.ReadAsync()) rows.Add((reader.GetGuid(0), reader.GetDouble(1)));
        return rows;
    }

    /// <summary>The tenant's items as rows (as the owner): drafts, items never submitted, and equal submit times among them.</summary>
    private async Task<List<Guid>> SeedAsync(string tenant, IReadOnlyList<Item> items)
    {
        var ids = items.Select(_ => Guid.NewGuid()).ToArray();
        var start = new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);
        await SearchData.ExecuteAsync(factory, """
            INSERT INTO submissions (id, tenant_id, title, body, author_person_id, author_person_ids, unit_id, type, themes, status,
                content_version, created_at, updated_at, submitted_at, channel, submit_count, adoption_levels)
            SELECT i.id, $2, i.title, i.body, '00000000-0000-4000-8000-000000000001', ARRAY['00000000-0000-4000-8000-000000000001'::uuid],
                '00000000-0000-4000-8000-000000000002', 'SituationReport', '{}', i.status, 1, $7, $7, i.submitted_at, 'Portal', 1, '{}'
            FROM unnest($1::uuid[], $3::text[], $4::text[], $5::text[], $6::timestamptz[]) AS i(id, title, body, status, submitted_at)
            """,
            ids, tenant, items.Select(i => i.Title).ToArray(), items.Select(i => i.Body).ToArray(), items.Select(i => i.Status).ToArray(),
            items.Select(i => i.SubmittedSecond is { } s ? start.AddSeconds(s) : (DateTimeOffset?)null).ToArray(), start);
        return [.. ids];
    }

    private Task CountPairsExactlyAsync(string tenant) => SearchData.ExecuteAsync(factory, """
        INSERT INTO similar_pair_counts (tenant_id, pair, items)
        SELECT s.tenant_id, p.pair, count(*) FROM submissions s CROSS JOIN LATERAL unnest(tsvector_to_array(s.search_vector)) AS p(pair)
        WHERE s.tenant_id = $1 GROUP BY s.tenant_id, p.pair
        ON CONFLICT (tenant_id, pair) DO UPDATE SET items = excluded.items
        """, tenant);

    /// <summary>Counts that bear no relation to the texts: the rarest pairs chosen are then arbitrary.</summary>
    private Task CountPairsWronglyAsync(string tenant) =>
        SearchData.ExecuteAsync(factory, "UPDATE similar_pair_counts SET items = (hashtext(pair) & 1023) WHERE tenant_id = $1", tenant);

    /// <summary>
    /// Short texts over a small alphabet (a few ASCII runs among them), so that many pairs of items score near 0.3 and
    /// items of one to three pairs occur; every fourth extends an earlier item with pairs of its own (submitted later),
    /// so the earlier one shares all its pairs and scores its share of the union: the least overlap that still reaches
    /// 0.3 occurs. A tenth are drafts or never submitted, and submit times repeat.
    /// </summary>
    private static List<Item> RandomItems(Random random, int count)
    {
        const string alphabet = "老年食堂社区养";
        const string other = "农村饮水服务建议规划";
        string Run(string letters, int length) => new([.. Enumerable.Range(0, length).Select(_ => letters[random.Next(letters.Length)])]);
        var items = new List<Item>();
        for (var i = 0; i < count; i++)
        {
            if (i % 4 == 3 && items.Where(x => x.SubmittedSecond is not null).ToList() is { Count: > 0 } earlier)
            {
                var basis = earlier[random.Next(earlier.Count)];
                var tail = Run(other, random.Next(basis.Body.Length, 4 * basis.Body.Length));
                items.Add(new(basis.Title, basis.Body + "，" + tail, "Submitted", basis.SubmittedSecond + random.Next(0, 3)));
                continue;
            }
            var body = string.Join(random.Next(4) == 0 ? " ab12 " : "，", Enumerable.Range(0, random.Next(1, 4)).Select(_ => Run(alphabet, random.Next(2, 16))));
            var status = random.Next(12) == 0 ? "Draft" : "Submitted";
            int? second = status == "Draft" || random.Next(15) == 0 ? null : random.Next(0, 200);
            items.Add(new(random.Next(3) == 0 ? Run(alphabet, random.Next(0, 5)) : "", body, status, second));
        }
        return items;
    }

    /// <summary>Reports made of clauses of the test reports; every fourth a copy of an earlier one with a few clauses changed.</summary>
    private static List<Item> Reports(Random random, string[] clauses, int count)
    {
        var made = new List<List<string>>();
        for (var i = 0; i < count; i++)
        {
            var picked = i % 4 == 3
                ? [.. made[random.Next(made.Count)]]
                : Enumerable.Range(0, random.Next(4, 20)).Select(_ => clauses[random.Next(clauses.Length)]).ToList();
            if (i % 4 == 3)
                for (var change = random.Next(1, 4); change > 0; change--) picked[random.Next(picked.Count)] = clauses[random.Next(clauses.Length)];
            made.Add(picked);
        }
        return [.. made.Select((picked, i) => new Item("关于" + picked[0] + "的建议", string.Join("，", picked) + "。", random.Next(20) == 0 ? "Draft" : "Submitted", i))];
    }

    private static string[] Clauses() =>
        [.. new[] { SearchData.Canteen, SearchData.CanteenEdited, SearchData.MealAid, SearchData.Elevator, SearchData.Tutoring, SearchData.Water, SearchData.CanteenNews }
            .SelectMany(t => t.Body.Split(['，', '。', '；', '：', '、'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Where(c => c.Length >= 4).Distinct()];
}
