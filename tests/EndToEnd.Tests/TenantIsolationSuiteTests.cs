using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;
using SheqingMinyi.Tests;
using Xunit.Abstractions;

namespace SheqingMinyi.EndToEnd.Tests;

/// <summary>
/// The randomised cross-tenant isolation suite. Tenant B (民建重庆市委, <c>mj-cq</c>) gets one of everything through
/// the gateway; then identities of tenant A (沙坪坝区政协, <c>spb-zx</c>: member, officer, staff-editor+director,
/// leader, tenant-admin and the partner system) make at least 1,000 pseudo-random attempts at every endpoint of every
/// service with B's ids and with list and search filters on B's ids, reading and writing. No answer may show a row of
/// B, and B's rows in every service database (read as the owner, outside row security) must be unchanged afterwards.
/// The seed is printed; set <c>SQMY_ISOLATION_SEED</c> to replay a run (and <c>SQMY_ISOLATION_ATTEMPTS</c> for more).
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class TenantIsolationSuiteTests(PlatformFixture platform, ITestOutputHelper output)
{
    private const string TenantA = "spb-zx";
    private const string TenantB = "mj-cq";
    private const int DefaultSeed = 20261127;
    private const int DefaultAttempts = 1200;
    private const int MinimumAttempts = 1000;
    // Parallel requests in flight. 1,200 attempts over six identities stay far below the gateway's limits
    // (600 per minute per user or client, 3,000 per tenant) even when they all land in one window.
    private const int Parallelism = 8;

    private static readonly Guid LiuFeilong = new("0e5b1c2a-0002-4000-8000-000000000004");
    private static readonly Guid ChenJing = new("0e5b1c2a-0002-4000-8000-000000000005");
    private static readonly Guid MjDistrictCommittee = new("0e5b1c2a-0001-4000-8000-000000000003");
    private static readonly Guid[] PersonsOfA =
    [
        new("0e5b1c2a-0002-4000-8000-000000000001"), new("0e5b1c2a-0002-4000-8000-000000000002"),
        new("0e5b1c2a-0002-4000-8000-000000000003"), new("0e5b1c2a-0002-4000-8000-000000000006"),
    ];
    private static readonly Guid UnitOfA = new("0e5b1c2a-0001-4000-8000-000000000001");
    /// <summary>区民政局, A's demo department (review's demo data), which the department client spb-mzj acts for.</summary>
    private static readonly Guid SpbCivilAffairs = new("0e5b1c2a-0009-4000-8000-000000000001");

    /// <summary>Services with messaging (dead letters); identity has only the audit trail.</summary>
    private static readonly string[] MessagingServices = ["intake", "review", "people", "training", "scoring"];
    private static readonly string[] AuditedServices = [.. MessagingServices, "identity"];

    [Fact]
    public async Task Tenant_A_never_sees_or_changes_a_row_of_tenant_B_over_a_thousand_randomised_attempts()
    {
        var total = Stopwatch.StartNew();
        var seed = int.TryParse(Environment.GetEnvironmentVariable("SQMY_ISOLATION_SEED"), out var s) ? s : DefaultSeed;
        var wanted = Math.Max(MinimumAttempts,
            int.TryParse(Environment.GetEnvironmentVariable("SQMY_ISOLATION_ATTEMPTS"), out var n) ? n : DefaultAttempts);
        output.WriteLine($"seed {seed} (replay with SQMY_ISOLATION_SEED={seed}), {wanted} attempts planned");

        // ---- Arrange: one of everything in tenant B, settled, its markers and a snapshot of its rows.
        // B's partner's receiver answers every delivery (so B's delivery log settles) and outlives the attempts.
        await using var receiverOfB = await WebhookReceiver.StartAsync();
        var b = await ArrangeTenantBAsync(receiverOfB);
        await SelfTestDetectorAsync(b);
        var before = await SettledSnapshotAsync();
        var crossBefore = await CrossReferencesAsync(b);
        var boardBefore = await BoardOfBAsync(b);
        var arranged = total.Elapsed;
        output.WriteLine($"tenant B arranged in {arranged.TotalSeconds:F1} s: {b.Markers.Count} markers, " +
            $"{before.Values.Sum(v => v.Rows)} rows in {before.Count} tables");

        // ---- Act: the attempts of tenant A's identities.
        Caller[] callers =
        [
            new("wangfang", await platform.SignedInAsync("wangfang"), ["person", "staff", "review-reader", "editor"]),
            new("zhaoqiang", await platform.SignedInAsync("zhaoqiang"), ["person", "staff", "review-reader"]),
            new("spb-admin", await platform.SignedInAsync("spb-admin"), ["person", "staff", "review-reader", "admin", "editor"]),
            new("zhangming", await platform.SignedInAsync("zhangming"), ["person", "member"]),
            new("lihua", await platform.SignedInAsync("lihua"), ["person", "member"]),
            new("spb-oa", await platform.PartnerAsync("intake.submit intake.read review.read"), ["partner", "review-reader"]),
            // 区民政局's system (a department of A, 交办): its own queue only.
            new("spb-mzj", await platform.DepartmentClientAsync(), ["partner", "department"]),
        ];
        var ownOfA = await ArrangePublicationsOfAAsync(callers[0].Client);
        var plan = Plan(new Random(seed), b, ownOfA, callers, wanted);
        var outcomes = new Outcome[plan.Count];
        var act = Stopwatch.StartNew();
        await Parallel.ForEachAsync(plan, new ParallelOptions { MaxDegreeOfParallelism = Parallelism },
            async (attempt, ct) => outcomes[attempt.Index] = await SendAsync(attempt, ct));
        act.Stop();

        // ---- Assert: every answer judged; B's rows, B's board and the cross-references unchanged.
        var verdicts = plan.Select(a => (Attempt: a, Outcome: outcomes[a.Index], Findings: Judge(a, outcomes[a.Index], b.Markers))).ToList();
        var leaks = verdicts.Where(v => v.Findings.Any(f => f.Leak)).ToList();
        var errors = verdicts.Where(v => v.Findings.Any(f => !f.Leak)).ToList();
        var after = await SettledSnapshotAsync();
        var crossAfter = await CrossReferencesAsync(b);
        var boardAfter = await BoardOfBAsync(b);

        Report(verdicts, act.Elapsed, total.Elapsed, outcomes.Sum(o => o.Throttled));
        var changed = before.Keys.Union(after.Keys)
            .Where(k => !before.TryGetValue(k, out var x) || !after.TryGetValue(k, out var y) || x != y)
            .Select(k => $"{k}: {before.GetValueOrDefault(k)} → {after.GetValueOrDefault(k)}").ToList();
        var crossChanged = crossBefore.Where(c => crossAfter[c.Key] != c.Value)
            .Select(c => $"{c.Key}: {c.Value} → {crossAfter[c.Key]} rows of another tenant refer to B's ids").ToList();
        output.WriteLine($"B's rows changed: {changed.Count}; other tenants' rows referring to B: " +
            string.Join(", ", crossAfter.Select(c => $"{c.Key}={c.Value}")));
        foreach (var (attempt, outcome, findings) in leaks.Concat(errors).Take(25))
            output.WriteLine(Describe(attempt, outcome, findings));

        Assert.True(plan.Count >= MinimumAttempts, $"only {plan.Count} attempts");
        Assert.True(leaks.Count == 0, $"{leaks.Count} attempts saw or touched tenant B (seed {seed}):\n" +
            string.Join("\n", leaks.Take(10).Select(v => Describe(v.Attempt, v.Outcome, v.Findings))));
        Assert.True(errors.Count == 0, $"{errors.Count} attempts got an answer that is neither 2xx nor a 400/403/404/409/428 problem (seed {seed}):\n" +
            string.Join("\n", errors.Take(10).Select(v => Describe(v.Attempt, v.Outcome, v.Findings))));
        Assert.True(changed.Count == 0, $"tenant B's rows changed (seed {seed}):\n{string.Join("\n", changed)}");
        Assert.True(crossChanged.Count == 0, string.Join("\n", crossChanged));
        Assert.Equal(boardBefore, boardAfter);
    }

    /// <summary>
    /// Within tenant A, 交办 is per department: 区民政局's system (spb-mzj) reaches only handlings it leads or co-handles.
    /// A handling of another department of A is 404 to it — read, listed, accepted, replied, asked to be transferred —
    /// even with the handling's current ETag, and the handling is unchanged afterwards.
    /// </summary>
    [Fact]
    public async Task A_department_s_client_never_reaches_a_handling_of_another_department_of_its_tenant()
    {
        var marker = Guid.NewGuid().ToString("N")[..8];
        var zhang = await platform.SignedInAsync("zhangming");
        var editor = await platform.SignedInAsync("wangfang");
        var civilAffairs = await platform.DepartmentClientAsync();
        var item = await FeedbackFlowTests.CreatedIdAsync(zhang, "/api/intake/submissions", new
        {
            title = $"关于老旧小区加装电梯的建议 {marker}", body = $"老旧小区加装电梯审批慢，建议简化流程。{marker}",
            authorPersonId = PersonsOfA[0], unitId = PlatformFixture.SpbEconomyCommittee,
        });
        Assert.Equal(HttpStatusCode.OK, (await Preconditions.SubmitAsync(zhang, item)).StatusCode);
        await FeedbackFlowTests.AdoptAsync(editor, await platform.SignedInAsync("zhaoqiang"), item);
        var housing = await FeedbackFlowTests.CreatedIdAsync(editor, "/api/review/departments", new { name = $"区住建委{marker}" });
        var handling = await FeedbackFlowTests.CreatedIdAsync(editor, "/api/review/handlings", new
        {
            submissionId = item, leadDepartmentId = housing, deadline = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).AddDays(30).ToString("yyyy-MM-dd"),
        });
        var transport = await FeedbackFlowTests.CreatedIdAsync(editor, "/api/review/departments", new { name = $"区交通局{marker}" });
        var path = $"/api/review/handlings/{handling}";
        var etag = await Preconditions.ETagAsync(editor, path);

        Assert.Equal(HttpStatusCode.NotFound, (await civilAffairs.GetAsync(path)).StatusCode);
        var listed = await FlowTests.GetJsonAsync(civilAffairs, $"/api/review/handlings?submissionId={item}");
        Assert.Equal(0, listed.GetProperty("total").GetInt32());
        foreach (var (step, body) in new (string, object)[]
        {
            ("accept", new { }), ("reply", new { category = "A", text = "已办结。" }),
            ("requests", new { kind = "transfer", reason = "不属本单位职责", toDepartmentId = transport }),
        })
        {
            var response = await Preconditions.SendAsync(civilAffairs, HttpMethod.Post, $"{path}/{step}", body, etag);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{step}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        var after = await editor.GetAsync(path);
        Assert.Equal(etag, after.Headers.ETag!.Tag);
        var state = await after.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("assigned", state.GetProperty("status").GetString());
    }

    // =====================================================================================================
    // Tenant B
    // =====================================================================================================

    private sealed record TenantBData(
        HttpClient Admin, Guid[] Submissions, Guid Draft, Guid[] Cases, Guid[] Units, Guid[] Persons, Guid Event,
        Guid[] DeadLetters, Guid[] EventIds, IReadOnlyList<string> Markers, Guid[] Accounts, Guid[] Memberships, Guid[] Appointments, Guid[] Shares)
    {
        public TalentOfB Talent { get; init; } = new([], [], [], []);
        public IntakeOfB Intake { get; init; } = new([], [], [], []);
        public ReviewOfB Review { get; init; } = new(Guid.Empty, Guid.Empty, "", [], []);
        public PublicationsOfB Publications { get; init; } = new([], [], []);
        public WebhooksOfB Webhooks { get; init; } = new("", [], []);
    }

    /// <summary>B's partner client (registered by B's admin), its webhook endpoint and the endpoint's finished deliveries.</summary>
    private sealed record WebhooksOfB(string ClientId, Guid[] Endpoints, Guid[] Deliveries)
    {
        /// <summary>B's admins' notice that an endpoint was switched off (推送地址通知), unread.</summary>
        public Guid[] Notices { get; init; } = [];
    }

    /// <summary>B's admin registers a partner client of B (B has none in the demo data) that reads intake and review,
    /// and its endpoint for B's submissions, adoptions and 交办, on the test's receiver (127.0.0.1, local mode).</summary>
    private static async Task<(string ClientId, Guid Endpoint)> ArrangeWebhookOfBAsync(HttpClient admin, WebhookReceiver receiver, string marker)
    {
        var registered = await admin.PostAsJsonAsync("/api/identity/clients",
            new { displayName = $"{marker[..20]} OA系统", scopes = new[] { "intake.read", "review.read" } });
        Assert.True(registered.StatusCode == HttpStatusCode.Created, $"B's client: {(int)registered.StatusCode} {await registered.Content.ReadAsStringAsync()}");
        var clientId = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("clientId").GetString()!;
        var path = receiver.NewPath();
        var created = await admin.PostAsJsonAsync("/api/identity/webhooks", new
        {
            clientId, url = receiver.BaseUrl + path, eventTypes = new[] { "SubmissionSubmitted", "SubmissionAdopted", "HandlingAssigned" }, enabled = true,
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, $"B's webhook: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        receiver.Secret(path, body.GetProperty("secret").GetString()!);
        return (clientId, body.GetProperty("endpoint").GetProperty("id").GetGuid());
    }

    /// <summary>B's admins' unread notice of an endpoint switched off, as identity writes it when retries run out (written
    /// here directly: running B's endpoint out of 24 h of retries is not what this suite is about); its text carries B's marker.</summary>
    private async Task<Guid> ArrangeWebhookNoticeOfBAsync(Guid endpoint, string clientId, string marker)
    {
        var id = Guid.NewGuid();
        await ExecuteAsync("identitydb", """
            INSERT INTO webhook_notices (id, tenant_id, kind, title, text, endpoint_id, client_id, url, source_event_id, occurred_at)
            VALUES (@id, @tenant, 'endpoint-disabled', '推送地址已停用', @text, @endpoint, @client, 'https://example.com/b-hook', @id, now())
            """, ("id", id), ("tenant", TenantB), ("text", $"{marker} 推送地址多次推送失败，已停用"), ("endpoint", endpoint), ("client", clientId));
        return id;
    }

    /// <summary>B's deliveries, once all of B's events of the endpoint's types (three submissions, an adoption, a 交办) were
    /// delivered and none is pending, so B's delivery log stays as it is while A's attempts run.</summary>
    private static async Task<Guid[]> SettledDeliveriesOfBAsync(HttpClient admin, Guid endpoint)
    {
        var succeeded = await FlowTests.EventuallyAsync(
            () => FlowTests.GetJsonAsync(admin, $"/api/identity/webhooks/{endpoint}/deliveries?status=succeeded&pageSize=200"),
            d => d.GetProperty("total").GetInt32() >= 5, "B's webhooks delivered");
        Assert.Equal(0, (await FlowTests.GetJsonAsync(admin, $"/api/identity/webhooks/{endpoint}/deliveries?status=pending")).GetProperty("total").GetInt32());
        Assert.Equal(0, (await FlowTests.GetJsonAsync(admin, $"/api/identity/webhooks/{endpoint}/deliveries?status=failed")).GetProperty("total").GetInt32());
        return [.. succeeded.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("id").GetGuid())];
    }

    /// <summary>B's review beyond its open cases: a workflow of its own (one stage, 陈静 named), an item adopted under it
    /// (assigned, checked, adopted at own-body level) and forwarded to 重庆市政协; the ids of its adoptions and forwardings.</summary>
    private sealed record ReviewOfB(Guid Adopted, Guid AdoptedCase, string StageName, Guid[] Adoptions, Guid[] Forwardings)
    {
        /// <summary>B's evidence file (a scanned notice naming B's marker) and its leader's instruction on the adopted item.</summary>
        public Guid[] Files { get; init; } = [];
        public Guid[] Instructions { get; init; } = [];
        /// <summary>B's department (named with B's marker) and the adopted item's handling (交办) assigned to it.</summary>
        public Guid[] Departments { get; init; } = [];
        public Guid[] Handlings { get; init; } = [];
        /// <summary>B's writers' inbox messages (反馈), written with B's steps.</summary>
        public Guid[] FeedbackMessages { get; init; } = [];
        /// <summary>B's department's notices (承办单位通知: the assignment), written with the handling.</summary>
        public Guid[] DepartmentNotices { get; init; } = [];
    }

    /// <summary>B's publications: issues (one published, one draft), golden ideas, excellent selections (published, draft).</summary>
    private sealed record PublicationsOfB(Guid[] Issues, Guid[] GoldenIdeas, Guid[] Selections);

    /// <summary>A's own draft issue and selection with the ETags A read, for A's writes naming B's items in them.</summary>
    private sealed record PublicationsOfA(Guid Issue, string IssueETag, Guid Selection, string SelectionETag, string RulesETag);

    /// <summary>B's admin gives B a one-stage workflow (审定 by its leader 陈静, with the 五关) for new cases; 刘飞龙 submits a
    /// third item; the admin assigns it to 陈静, who checks and adopts it (本级采用); the admin forwards it (转报) to B's parent
    /// 重庆市政协, whose copy is waited for. B's second case, opened earlier at the default 初审, is assigned to 陈静 too and
    /// moved back ten days, so it is overdue and stays open and undecided.</summary>
    private async Task<ReviewOfB> ArrangeReviewOfBAsync(HttpClient admin, HttpClient liu, HttpClient chen, string marker, Guid openCase)
    {
        var stageName = $"B审定{marker[6..14]}";
        await ExpectAsync(Preconditions.SendAsync(admin, HttpMethod.Put, "/api/review/workflow", new
        {
            stages = new[] { new { name = stageName, role = "leader", reviewerPersonIds = new[] { ChenJing }, timeLimitDays = 3, checklistRequired = true } },
        }, await Preconditions.ETagAsync(admin, "/api/review/workflow")), HttpStatusCode.OK, "B's workflow");
        var item = await CreatedIdAsync(liu, "/api/intake/submissions",
            new { title = $"{marker} 关于稳定民营企业用工的建议", body = $"正文 {marker} 用工", authorPersonId = LiuFeilong, unitId = MjDistrictCommittee });
        await ExpectAsync(Preconditions.SubmitAsync(liu, item), HttpStatusCode.OK, "B submits a third item");
        var caseId = (await FlowTests.EventuallyAsync(() => FlowTests.GetJsonAsync(admin, $"/api/review/cases?submissionId={item}"),
            c => c.GetProperty("items").GetArrayLength() == 1, "B's third case opened")).GetProperty("items")[0].GetProperty("id").GetGuid();
        Assert.Equal(stageName, (await FlowTests.GetJsonAsync(admin, $"/api/review/cases/{caseId}")).GetProperty("stage").GetString());
        foreach (var assigned in new[] { caseId, openCase })
            await ExpectAsync(Preconditions.SendAsync(admin, HttpMethod.Post, $"/api/review/cases/{assigned}/assign", new { reviewerPersonId = ChenJing },
                await Preconditions.ETagAsync(admin, $"/api/review/cases/{assigned}")), HttpStatusCode.OK, "B's admin assigns 陈静");
        string[] checks = ["political", "policy", "facts", "format", "text"];
        await ExpectAsync(Preconditions.SendAsync(chen, HttpMethod.Put, $"/api/review/cases/{caseId}/checklist",
            new { checks = checks.Select(c => new { item = c, passed = true, comment = $"{marker} {c}" }).ToArray() },
            await Preconditions.ETagAsync(chen, $"/api/review/cases/{caseId}")), HttpStatusCode.OK, "B's leader checks");
        await ExpectAsync(Preconditions.DecideAsync(chen, caseId, new { action = "adopt", adoptionLevel = "own-body", comment = $"{marker} 采用" }),
            HttpStatusCode.OK, "B's leader adopts");
        await FlowTests.EventuallyAsync(() => FlowTests.GetJsonAsync(admin, $"/api/intake/submissions/{item}"),
            s => s.GetProperty("status").GetString() == "adopted", "B's item adopted in intake");
        await ExpectAsync(Preconditions.SendAsync(admin, HttpMethod.Post, $"/api/review/cases/{caseId}/forward", new { note = $"{marker} 转报" },
            await Preconditions.ETagAsync(admin, $"/api/review/cases/{caseId}")), HttpStatusCode.OK, "B forwards to its parent");
        // The parent's copy (in 重庆市政协, not A) is opened before anything is snapshotted: the hand-off has settled.
        await FlowTests.EventuallyAsync(() => ScalarAsync<long>("reviewdb",
            "SELECT count(*) FROM review_cases WHERE tenant_id = 'cq-zx' AND origin_submission_id = @item", ("item", item)),
            c => c == 1, "B's forwarded copy opened in the parent");
        await ExecuteAsync("reviewdb", "UPDATE review_cases SET stage_started_at = stage_started_at - interval '10 days' WHERE id = @id", ("id", openCase));
        var (files, instructions) = await ArrangeEvidenceOfBAsync(admin, marker, item);
        var department = await CreatedIdAsync(admin, "/api/review/departments", new { name = $"{marker[..20]} 市民政局" });
        var handling = await CreatedIdAsync(admin, "/api/review/handlings", new
        {
            submissionId = item, leadDepartmentId = department, deadline = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).AddDays(30), note = $"{marker} 交办",
        });
        var adoptions = (await StringsAsync("reviewdb", "SELECT id::text FROM adoptions WHERE tenant_id = @tenant", ("tenant", TenantB))).Select(Guid.Parse);
        var forwardings = (await StringsAsync("reviewdb", "SELECT id::text FROM forwardings WHERE tenant_id = @tenant", ("tenant", TenantB))).Select(Guid.Parse);
        var feedback = (await StringsAsync("reviewdb", "SELECT id::text FROM feedback_messages WHERE tenant_id = @tenant", ("tenant", TenantB))).Select(Guid.Parse);
        var departmentNotices = (await StringsAsync("reviewdb", "SELECT id::text FROM department_notices WHERE tenant_id = @tenant", ("tenant", TenantB)))
            .Select(Guid.Parse).ToArray();
        Assert.NotEmpty(departmentNotices);
        return new(item, caseId, stageName, [.. adoptions], [.. forwardings])
        {
            Files = files, Instructions = instructions, Departments = [department], Handlings = [handling], FeedbackMessages = [.. feedback],
            DepartmentNotices = departmentNotices,
        };
    }

    /// <summary>B's office uploads a scanned notice (its bytes carry B's marker, so a download by A would show), records
    /// 民建中央's adoption of the adopted item with it, and a municipal leader's 批示.</summary>
    private static async Task<(Guid[] Files, Guid[] Instructions)> ArrangeEvidenceOfBAsync(HttpClient admin, string marker, Guid item)
    {
        using var form = new MultipartFormDataContent();
        var scan = new ByteArrayContent(Encoding.ASCII.GetBytes($"%PDF-1.4\n% {marker}\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"));
        scan.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
        form.Add(scan, "file", $"{marker}.pdf");
        var uploaded = await admin.PostAsync("/api/review/files", form);
        Assert.True(uploaded.StatusCode == HttpStatusCode.Created, $"B's upload: {(int)uploaded.StatusCode} {await uploaded.Content.ReadAsStringAsync()}");
        var file = (await uploaded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        await ExpectAsync(admin.PostAsJsonAsync($"/api/review/submissions/{item}/adoptions", new
        {
            level = "party-centre", publicationName = $"{marker} 民建中央信息", issue = "2026年第9期", adoptedOn = today, evidenceFileId = file,
        }), HttpStatusCode.Created, "B records 民建中央's adoption");
        var instruction = await CreatedIdAsync(admin, $"/api/review/submissions/{item}/instructions", new
        {
            leaderTitle = $"{marker} 副市长", level = "municipal", nature = "肯定性", instructedOn = today, summary = $"{marker} 请研究落实", evidenceFileId = file,
        });
        // The instruction's points (its own source) are settled before anything is snapshotted.
        await FlowTests.EventuallyAsync(() => FlowTests.GetJsonAsync(admin, $"/api/scoring/ledger?sourceId={instruction}"),
            l => l.GetProperty("total").GetInt32() == 1, "B's instruction's points recorded");
        return ([file], [instruction]);
    }

    /// <summary>B's office publishes an issue of its own publication with the adopted item and keeps a second one in draft;
    /// flags the adopted and a submitted item as golden ideas (one followed up); publishes a half-year's selection with
    /// the adopted item and keeps the other half in draft. The selection's points are waited for.</summary>
    private static async Task<PublicationsOfB> ArrangePublicationsOfBAsync(HttpClient admin, string marker, Guid adopted, Guid submitted)
    {
        var year = DateTime.UtcNow.Year;
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var items = new { submissionIds = new[] { adopted } };
        var issues = new List<Guid>();
        foreach (var number in new[] { 1, 2 })
        {
            var issue = await CreatedIdAsync(admin, "/api/intake/publication-issues", new { publicationName = $"B内参{marker[6..22]}", year, number });
            await ExpectAsync(Preconditions.SendAsync(admin, HttpMethod.Put, $"/api/intake/publication-issues/{issue}/items", items,
                await Preconditions.ETagAsync(admin, $"/api/intake/publication-issues/{issue}")), HttpStatusCode.OK, "B's issue items");
            if (number == 1)
                await ExpectAsync(Preconditions.SendAsync(admin, HttpMethod.Post, $"/api/intake/publication-issues/{issue}/publish", null,
                    await Preconditions.ETagAsync(admin, $"/api/intake/publication-issues/{issue}")), HttpStatusCode.OK, "B publishes an issue");
            issues.Add(issue);
        }
        var ideas = new List<Guid>();
        foreach (var (item, meeting) in new[] { (adopted, "monthly"), (submitted, "weekly") })
            ideas.Add(await CreatedIdAsync(admin, "/api/intake/golden-ideas", new { submissionId = item, meeting, meetingOn = today, note = $"{marker} 金点子" }));
        await ExpectAsync(Preconditions.SendAsync(admin, HttpMethod.Put, $"/api/intake/golden-ideas/{ideas[0]}/follow-up",
            new { status = "following", note = $"{marker} 跟进" }, await Preconditions.ETagAsync(admin, $"/api/intake/golden-ideas/{ideas[0]}")),
            HttpStatusCode.OK, "B follows a golden idea up");
        var selections = new List<Guid>();
        foreach (var half in new[] { 1, 2 })
        {
            var selection = await CreatedIdAsync(admin, "/api/intake/excellent-selections", new { year, half, title = $"{marker} 优秀选编 {half}" });
            await ExpectAsync(Preconditions.SendAsync(admin, HttpMethod.Put, $"/api/intake/excellent-selections/{selection}/items", items,
                await Preconditions.ETagAsync(admin, $"/api/intake/excellent-selections/{selection}")), HttpStatusCode.OK, "B's selection items");
            if (half == 1)
                await ExpectAsync(Preconditions.SendAsync(admin, HttpMethod.Post, $"/api/intake/excellent-selections/{selection}/publish", null,
                    await Preconditions.ETagAsync(admin, $"/api/intake/excellent-selections/{selection}")), HttpStatusCode.OK, "B publishes a selection");
            selections.Add(selection);
        }
        // The adopted item's points: submitted, adopted (own body, party centre), in a published selection.
        await FlowTests.EventuallyAsync(() => FlowTests.GetJsonAsync(admin, $"/api/scoring/ledger?sourceId={adopted}"),
            l => l.GetProperty("total").GetInt32() == 4, "B's adopted item's points recorded");
        return new([.. issues], [.. ideas], [.. selections]);
    }

    /// <summary>A's office keeps a draft issue and a draft selection of its own; A's writes naming B's items in them must
    /// be refused, so they carry the ETags read here (nothing of A's attempts changes them).</summary>
    private static async Task<PublicationsOfA> ArrangePublicationsOfAAsync(HttpClient editor)
    {
        var issue = await CreatedIdAsync(editor, "/api/intake/publication-issues",
            new { publicationName = $"隔离测试{Guid.NewGuid():N}"[..12], year = 2100, number = 999 });
        var created = await editor.PostAsJsonAsync("/api/intake/excellent-selections", new { year = 2000, half = 1 });
        var selection = created.StatusCode == HttpStatusCode.Created
            ? (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid()
            : (await FlowTests.GetJsonAsync(editor, "/api/intake/excellent-selections?year=2000")).GetProperty("items").EnumerateArray()
                .Single(s => s.GetProperty("half").GetInt32() == 1).GetProperty("id").GetGuid();
        return new(issue, await Preconditions.ETagAsync(editor, $"/api/intake/publication-issues/{issue}"),
            selection, await Preconditions.ETagAsync(editor, $"/api/intake/excellent-selections/{selection}"),
            await Preconditions.ETagAsync(editor, "/api/scoring/rules")); // A's own 计分标准: a valid If-Match, of A's tenant
    }

    /// <summary>B's intake work beyond items: a solicitation (claimed), a topic, a theme tag, its clues.</summary>
    private sealed record IntakeOfB(Guid[] Solicitations, Guid[] Topics, Guid[] Themes, Guid[] Clues);

    /// <summary>B's office issues a solicitation to 刘飞龙, who claims it; a topic; a theme tag; 刘飞龙 edits his draft
    /// (a second version). Ids of B's clues come from the database.</summary>
    private async Task<IntakeOfB> ArrangeIntakeOfBAsync(HttpClient admin, HttpClient liu, string marker, Guid draft)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var solicitation = await CreatedIdAsync(admin, "/api/intake/solicitations", new
        {
            title = $"{marker} 约稿", brief = $"{marker} 约稿说明", targetPersonIds = new[] { LiuFeilong }, deadline = today.AddDays(14), bonus = 5,
        });
        await ExpectAsync(liu.PostAsync($"/api/intake/solicitations/{solicitation}/claim", null), HttpStatusCode.Created, "B's member claims");
        var topic = await CreatedIdAsync(admin, "/api/intake/topics", new { title = $"{marker} 选题", description = $"{marker} 选题说明", source = "seminar" });
        var theme = await CreatedIdAsync(admin, "/api/intake/themes", new { name = $"B{marker[6..14]}" });
        await ExpectAsync(Preconditions.SendAsync(liu, HttpMethod.Put, $"/api/intake/submissions/{draft}",
            new { title = $"{marker} 草稿", body = $"草稿正文 {marker} 第二稿", reason = $"{marker} 修改" },
            await Preconditions.ETagAsync(liu, $"/api/intake/submissions/{draft}")), HttpStatusCode.OK, "B's writer edits");
        var clues = (await StringsAsync("intakedb", "SELECT id::text FROM clues WHERE tenant_id = @tenant", ("tenant", TenantB))).Select(Guid.Parse);
        return new([solicitation], [topic], [theme], [.. clues]);
    }

    /// <summary>B's talent work in people: a visit, the pool entries it found, a recommendation, targets (of a person and a unit).</summary>
    private sealed record TalentOfB(Guid[] Visits, Guid[] Pool, Guid[] Recommendations, Guid[] TargetPersons);

    private static async Task<TalentOfB> ArrangeTalentOfBAsync(HttpClient admin, string marker, Guid person, Guid unit)
    {
        var visit = await CreatedIdAsync(admin, "/api/people/talent/visits", new
        {
            kind = "enterprise", place = $"{marker} 会员企业", visitedOn = "2026-11-20", visitorIds = new[] { ChenJing },
            discovered = new object[]
            {
                new { personId = person, expertiseTags = new[] { "金融" } },
                new { name = $"{marker}人才", organisation = $"{marker} 企业", expertiseTags = new[] { "制造" } },
            },
        });
        var pool = (await FlowTests.GetJsonAsync(admin, $"/api/people/talent/pool?visitId={visit}")).GetProperty("items")
            .EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToArray();
        var recommendation = await CreatedIdAsync(admin, "/api/people/talent/recommendations", new { talentId = pool[0], target = "think-tank", note = marker });
        var year = DateTime.UtcNow.Year;
        foreach (var path in new[] { $"/api/people/targets/{year}/persons/{person}", $"/api/people/targets/{year}/units/{unit}" })
        {
            using var put = new HttpRequestMessage(HttpMethod.Put, path) { Content = JsonContent.Create(new { submitted = 8, adopted = 2 }) };
            put.Headers.TryAddWithoutValidation("If-Match", "\"0\"");
            await ExpectAsync(admin.SendAsync(put), HttpStatusCode.OK, "B sets a target");
        }
        return new([visit], pool, [recommendation], [person]);
    }

    private async Task<TenantBData> ArrangeTenantBAsync(WebhookReceiver receiver)
    {
        var clock = Stopwatch.StartNew();
        var marker = $"ISO-B-{Guid.NewGuid():N}";
        var admin = await platform.SignedInAsync("mj-admin");
        var liu = await platform.SignedInAsync("liufeilong");
        var chen = await platform.SignedInAsync("chenjing");
        // First, so every event of B below reaches B's endpoint: B's delivery log is a row set A must never reach.
        var (clientOfB, endpointOfB) = await ArrangeWebhookOfBAsync(admin, receiver, marker);

        var unit = await CreatedIdAsync(admin, "/api/people/units", new { name = $"{marker} 区委会", category = "district-committee" });
        var person = await CreatedIdAsync(admin, "/api/people/persons", new { name = $"{marker}会员", unitId = unit, roles = new[] { "member" } });
        // Intake credits only persons the people service announced: wait until the new one has arrived.
        await FlowTests.EventuallyAsync(() => ScalarAsync<long>("intakedb",
            "SELECT count(*) FROM directory_persons WHERE tenant_id = @tenant AND person_id = @person", ("tenant", TenantB), ("person", person)),
            c => c == 1, "B's new person known to intake");
        // B's person has personal data (encrypted in the database): neither its full nor its masked values may reach A.
        var personalData = new[] { $"139{Random.Shared.Next(10_000_000, 100_000_000)}", "440304198002290014" };
        await ExpectAsync(Preconditions.SendAsync(admin, HttpMethod.Put, $"/api/people/persons/{person}/profile",
            new { gender = "女", title = $"{marker} 职务", expertiseTags = new[] { $"{marker[..12]}专长" }, phone = personalData[0], idNumber = personalData[1] },
            await Preconditions.ETagAsync(admin, $"/api/people/persons/{person}")), HttpStatusCode.OK, "B's profile");
        // B appoints its person (聘任) and shares them with 重庆市政协 (not A): A may see neither.
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var appointment = await CreatedIdAsync(admin, "/api/people/appointments", new { personId = person, startsOn = today, endsOn = today.AddYears(1) });
        var share = await CreatedIdAsync(admin, $"/api/people/persons/{person}/shares", new { tenantId = "cq-zx" });
        var byLiu = await CreatedIdAsync(liu, "/api/intake/submissions",
            new { title = $"{marker} 关于民营企业融资的建议", body = $"正文 {marker}", authorPersonId = LiuFeilong, unitId = MjDistrictCommittee });
        var byAdmin = await CreatedIdAsync(admin, "/api/intake/submissions",
            new { title = $"{marker} 关于小微企业减负的建议", body = $"正文 {marker}", authorPersonId = person, unitId = unit });
        var draft = await CreatedIdAsync(liu, "/api/intake/submissions",
            new { title = $"{marker} 草稿", body = $"草稿正文 {marker}", authorPersonId = LiuFeilong, unitId = MjDistrictCommittee });
        await ExpectAsync(Preconditions.SubmitAsync(liu, byLiu), HttpStatusCode.OK, "B submits");
        await ExpectAsync(Preconditions.SubmitAsync(admin, byAdmin), HttpStatusCode.OK, "B submits");
        var training = await CreatedIdAsync(admin, "/api/training/events", new
        {
            title = $"{marker} 信息写作培训", kind = "expert-lecture", startsAt = DateTimeOffset.UtcNow.AddDays(7),
            place = $"{marker} 民建会堂", capacity = 50,
        });
        foreach (var attendee in new[] { LiuFeilong, person })
            await ExpectAsync(admin.PostAsJsonAsync($"/api/training/events/{training}/attendance", new { personId = attendee, hours = 2 }),
                HttpStatusCode.Created, "B records attendance");
        var talent = await ArrangeTalentOfBAsync(admin, marker, person, unit);

        // B's member's business card, and a clue sent to it anonymously through its public page: B's card and clue
        // rows, and B's token itself, are what A's card and clue requests must never reach or show.
        var issued = await admin.PostAsync($"/api/people/persons/{person}/card", null);
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var cardUrl = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("publicUrl").GetString()!;
        var cardToken = cardUrl[(cardUrl.LastIndexOf('/') + 1)..];
        await ExpectAsync(platform.Anonymous().PostAsJsonAsync($"/card/{cardToken}", new { text = $"{marker} 线索", contact = "13900000000" }),
            HttpStatusCode.Accepted, "a clue to B's member");
        await FlowTests.EventuallyAsync(() => ScalarAsync<long>("intakedb", "SELECT count(*) FROM clues WHERE tenant_id = @tenant", ("tenant", TenantB)),
            c => c == 1, "B's clue kept by intake");
        var intake = await ArrangeIntakeOfBAsync(admin, liu, marker, draft);

        output.WriteLine($"  B's rows written through the gateway: {clock.Elapsed.TotalSeconds:F1} s");
        var cases = new List<Guid>();
        foreach (var submission in new[] { byLiu, byAdmin })
        {
            var found = await FlowTests.EventuallyAsync(() => FlowTests.GetJsonAsync(admin, $"/api/review/cases?submissionId={submission}"),
                c => c.GetProperty("items").GetArrayLength() == 1, "B's review case opened");
            cases.Add(found.GetProperty("items")[0].GetProperty("id").GetGuid());
        }
        foreach (var (source, count) in new[] { (byLiu, 1), (byAdmin, 1), (training, 2) })
            await FlowTests.EventuallyAsync(() => FlowTests.GetJsonAsync(admin, $"/api/scoring/ledger?sourceId={source}"),
                l => l.GetProperty("total").GetInt32() == count, "B's points recorded");
        await FlowTests.EventuallyAsync(() => ScalarAsync<long>("scoringdb",
            "SELECT count(*) FROM directory_persons WHERE tenant_id = @tenant AND person_id = @person", ("tenant", TenantB), ("person", person)),
            c => c == 1, "B's new person named in scoring");
        // B's own 计分标准 (a version of its own, so its rows and boards have something for A to leave alone).
        await ExpectAsync(Preconditions.SendAsync(admin, HttpMethod.Put, "/api/scoring/rules", new { effectiveFrom = $"{DateTime.UtcNow.Year}-01-01", goldenIdea = 2 },
            await Preconditions.ETagAsync(admin, "/api/scoring/rules")), HttpStatusCode.OK, "B's scoring rules");
        // B's bulletin settings (a row of its own for A's PUTs to leave alone).
        await ExpectAsync(Preconditions.SendAsync(admin, HttpMethod.Put, "/api/scoring/bulletins/settings", new { normaliseByUnitSize = true },
            await Preconditions.ETagAsync(admin, "/api/scoring/bulletins/settings")), HttpStatusCode.OK, "B's bulletin settings");
        await FlowTests.EventuallyAsync(() => ScalarAsync<long>("identitydb",
            "SELECT count(*) FROM known_persons WHERE tenant_id = @tenant AND person_id = @person", ("tenant", TenantB), ("person", person)),
            c => c == 1, "B's new person recorded in identity");

        output.WriteLine($"  B's cases opened, points and names recorded: {clock.Elapsed.TotalSeconds:F1} s");
        // B's own audit trail, with B's ids in it: denials in every service (the case is at 初审, which is the
        // staff-editor's; B has none, so it stays open and undecided).
        await ExpectAsync(Preconditions.DecideAsync(chen, cases[0], new { action = "pass" }), HttpStatusCode.Forbidden, "B's leader at 初审");
        await ExpectAsync(liu.GetAsync($"/api/review/cases/{cases[0]}"), HttpStatusCode.Forbidden, "B's member reading a case");
        await ExpectAsync(liu.PostAsJsonAsync($"/api/training/events/{training}/attendance", new { personId = LiuFeilong }), HttpStatusCode.Forbidden, "B's member checking in");
        await ExpectAsync(liu.PostAsJsonAsync("/api/people/units", new { name = $"{marker} 无权", category = "sector" }), HttpStatusCode.Forbidden, "B's member adding a unit");
        await ExpectAsync(liu.PostAsJsonAsync("/api/intake/submissions", new { title = "代写", body = "代写", authorPersonId = ChenJing, unitId = unit }),
            HttpStatusCode.Forbidden, "B's member writing for another");
        await ExpectAsync(liu.PostAsJsonAsync("/api/identity/tenants", new { id = "mj-cq-x", name = "x", kind = "democratic-party" }), HttpStatusCode.Forbidden, "B's member adding a tenant");
        foreach (var service in AuditedServices)
            await ExpectAsync(liu.GetAsync($"/api/{service}/admin/audit"), HttpStatusCode.Forbidden, "B's member reading the audit");
        // Denials are audited after the answer is written: wait until every service has B's.
        foreach (var service in AuditedServices)
            await FlowTests.EventuallyAsync(() => ScalarAsync<long>(Database(service),
                "SELECT count(*) FROM audit_entries WHERE tenant_id = @tenant AND action = 'access-denied'", ("tenant", TenantB)),
                c => c >= 1, $"B's denial audited in {service}");

        output.WriteLine($"  B's denials audited: {clock.Elapsed.TotalSeconds:F1} s");
        // After the denial above: B's own workflow applies to cases opened from now on, so the two cases stay at 初审.
        var review = await ArrangeReviewOfBAsync(admin, liu, chen, marker, cases[1]);
        var publications = await ArrangePublicationsOfBAsync(admin, marker, review.Adopted, byLiu);
        output.WriteLine($"  B's workflow, adoption, forwarding and publications: {clock.Elapsed.TotalSeconds:F1} s");
        var deliveries = await SettledDeliveriesOfBAsync(admin, endpointOfB);
        var webhookNotice = await ArrangeWebhookNoticeOfBAsync(endpointOfB, clientOfB, marker);
        // A dead letter of B in every service with messaging, written as the owner (nothing of B's fails on its own),
        // so A's replays and lists have a real one of B's to miss.
        foreach (var service in MessagingServices)
            await ExecuteAsync(Database(service), """
                INSERT INTO dead_letters (id, consumer, event_id, tenant_id, type, payload, trace_parent, error, attempts, failed_at, replayed_at)
                VALUES (gen_random_uuid(), @consumer, gen_random_uuid(), @tenant, 'SubmissionSubmitted', @payload::jsonb, NULL, @error, 5, now(), NULL)
                """, ("consumer", service), ("tenant", TenantB), ("payload", JsonSerializer.Serialize(new { marker })), ("error", $"{marker} synthetic failure"));

        // Every id and every name or title of B's rows, from the databases as their owner, is a marker no answer to
        // tenant A may contain; so are B's tenant id, name and user names.
        var markers = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { TenantB, marker, cardToken };
        foreach (var (db, sql) in MarkerQueries)
            markers.UnionWith(await StringsAsync(db, sql, ("tenant", TenantB)));
        markers.UnionWith([.. personalData, $"{personalData[0][..3]}****{personalData[0][^4..]}", "4403**********0014", $"{marker[..12]}专长"]);
        markers.RemoveWhere(string.IsNullOrWhiteSpace);
        var deadLetters = new List<Guid>();
        var eventIds = new List<Guid>();
        foreach (var service in MessagingServices)
        {
            deadLetters.AddRange((await StringsAsync(Database(service), "SELECT id::text FROM dead_letters WHERE tenant_id = @tenant", ("tenant", TenantB))).Select(Guid.Parse));
            eventIds.AddRange((await StringsAsync(Database(service), "SELECT id::text FROM outbox_messages WHERE tenant_id = @tenant", ("tenant", TenantB))).Select(Guid.Parse));
        }
        cases.Add(review.AdoptedCase);
        output.WriteLine($"tenant B: submissions {byLiu}, {byAdmin} (submitted), {review.Adopted} (adopted, forwarded), {draft} (draft); cases {string.Join(", ", cases)}; " +
            $"units {MjDistrictCommittee}, {unit}; persons {LiuFeilong}, {ChenJing}, {person}; training event {training}; " +
            $"{deadLetters.Count} dead letters, {eventIds.Count} events; marker {marker}");
        var accounts = (await StringsAsync("identitydb", "SELECT id::text FROM accounts WHERE tenant_id = @tenant", ("tenant", TenantB))).Select(Guid.Parse);
        // B's memberships: the demo's and the one registering B's new person in B's new unit started.
        var memberships = (await StringsAsync("peopledb", "SELECT id::text FROM memberships WHERE tenant_id = @tenant", ("tenant", TenantB))).Select(Guid.Parse);
        return new TenantBData(admin, [byLiu, byAdmin, review.Adopted], draft, [.. cases], [MjDistrictCommittee, unit], [LiuFeilong, ChenJing, person], training,
            [.. deadLetters], [.. eventIds], [.. markers.OrderBy(m => m, StringComparer.Ordinal)], [.. accounts], [.. memberships], [appointment], [share])
        {
            Talent = talent, Intake = intake, Review = review, Publications = publications,
            Webhooks = new(clientOfB, [endpointOfB], deliveries) { Notices = [webhookNotice] },
        };
    }

    private static readonly (string Db, string Sql)[] MarkerQueries =
    [
        ("intakedb", "SELECT id::text FROM clues WHERE tenant_id = @tenant UNION SELECT text FROM clues WHERE tenant_id = @tenant"),
        ("peopledb", "SELECT id::text FROM business_cards WHERE tenant_id = @tenant UNION SELECT encode(token_hash, 'hex') FROM business_cards WHERE tenant_id = @tenant"),
        ("intakedb", "SELECT id::text FROM submissions WHERE tenant_id = @tenant UNION SELECT title FROM submissions WHERE tenant_id = @tenant"),
        ("intakedb", "SELECT id::text FROM solicitations WHERE tenant_id = @tenant UNION SELECT title FROM solicitations WHERE tenant_id = @tenant " +
            "UNION SELECT brief FROM solicitations WHERE tenant_id = @tenant UNION SELECT id::text FROM topics WHERE tenant_id = @tenant " +
            "UNION SELECT title FROM topics WHERE tenant_id = @tenant UNION SELECT id::text FROM theme_tags WHERE tenant_id = @tenant " +
            "UNION SELECT name FROM theme_tags WHERE tenant_id = @tenant AND name NOT IN (SELECT name FROM theme_tags WHERE tenant_id <> @tenant) UNION SELECT reason FROM submission_versions WHERE tenant_id = @tenant AND reason IS NOT NULL"),
        ("reviewdb", "SELECT id::text FROM review_cases WHERE tenant_id = @tenant UNION SELECT title FROM review_cases WHERE tenant_id = @tenant UNION SELECT id::text FROM review_decisions WHERE tenant_id = @tenant"),
        // B's evidence files (ids, names) and instructions (ids, leaders' titles, summaries).
        ("reviewdb", "SELECT id::text FROM stored_files WHERE tenant_id = @tenant UNION SELECT file_name FROM stored_files WHERE tenant_id = @tenant " +
            "UNION SELECT id::text FROM leader_instructions WHERE tenant_id = @tenant UNION SELECT leader_title FROM leader_instructions WHERE tenant_id = @tenant " +
            "UNION SELECT summary FROM leader_instructions WHERE tenant_id = @tenant"),
        // B's writers' feedback messages (ids) and outgoing messages (ids).
        ("reviewdb", "SELECT id::text FROM feedback_messages WHERE tenant_id = @tenant UNION SELECT id::text FROM outgoing_messages WHERE tenant_id = @tenant"),
        // B's departments (ids, names) and handlings (ids, notes).
        ("reviewdb", "SELECT id::text FROM departments WHERE tenant_id = @tenant UNION SELECT name FROM departments WHERE tenant_id = @tenant " +
            "UNION SELECT id::text FROM handlings WHERE tenant_id = @tenant UNION SELECT note FROM handlings WHERE tenant_id = @tenant AND note IS NOT NULL"),
        // B's department notices and webhook notices (ids, texts).
        ("reviewdb", "SELECT id::text FROM department_notices WHERE tenant_id = @tenant UNION SELECT text FROM department_notices WHERE tenant_id = @tenant"),
        ("identitydb", "SELECT id::text FROM webhook_notices WHERE tenant_id = @tenant UNION SELECT text FROM webhook_notices WHERE tenant_id = @tenant"),
        // B's adoptions and forwardings; its workflow's stage names (those no other tenant uses, the default's excepted).
        ("reviewdb", "SELECT id::text FROM adoptions WHERE tenant_id = @tenant UNION SELECT id::text FROM forwardings WHERE tenant_id = @tenant " +
            "UNION SELECT note FROM forwardings WHERE tenant_id = @tenant AND note IS NOT NULL " +
            "UNION SELECT n FROM (SELECT jsonb_path_query(stages::jsonb, 'lax $[*].name') #>> '{}' AS n FROM review_workflows WHERE tenant_id = @tenant) b " +
            "WHERE n NOT IN ('初审', '复审', '审定') AND n NOT IN (SELECT jsonb_path_query(stages::jsonb, 'lax $[*].name') #>> '{}' FROM review_workflows WHERE tenant_id <> @tenant)"),
        // B's issues (its publication's name), golden ideas (their notes) and selections (their titles, if no other tenant's).
        ("intakedb", "SELECT id::text FROM publication_issues WHERE tenant_id = @tenant " +
            "UNION SELECT publication_name FROM publication_issues WHERE tenant_id = @tenant AND publication_name NOT IN (SELECT publication_name FROM publication_issues WHERE tenant_id <> @tenant) " +
            "UNION SELECT id::text FROM golden_ideas WHERE tenant_id = @tenant UNION SELECT note FROM golden_ideas WHERE tenant_id = @tenant AND note IS NOT NULL " +
            "UNION SELECT follow_up_note FROM golden_ideas WHERE tenant_id = @tenant AND follow_up_note IS NOT NULL " +
            "UNION SELECT id::text FROM excellent_selections WHERE tenant_id = @tenant " +
            "UNION SELECT title FROM excellent_selections WHERE tenant_id = @tenant AND title NOT IN (SELECT title FROM excellent_selections WHERE tenant_id <> @tenant)"),
        ("peopledb", "SELECT id::text FROM units WHERE tenant_id = @tenant UNION SELECT name FROM units WHERE tenant_id = @tenant UNION SELECT id::text FROM persons WHERE tenant_id = @tenant UNION SELECT name FROM persons WHERE tenant_id = @tenant UNION SELECT id::text FROM memberships WHERE tenant_id = @tenant " +
            "UNION SELECT id::text FROM appointments WHERE tenant_id = @tenant UNION SELECT id::text FROM person_shares WHERE tenant_id = @tenant"),
        ("peopledb", "SELECT id::text FROM talent_visits WHERE tenant_id = @tenant UNION SELECT place FROM talent_visits WHERE tenant_id = @tenant " +
            "UNION SELECT id::text FROM talent_pool WHERE tenant_id = @tenant UNION SELECT name FROM talent_pool WHERE tenant_id = @tenant " +
            "UNION SELECT organisation FROM talent_pool WHERE tenant_id = @tenant AND organisation IS NOT NULL " +
            "UNION SELECT id::text FROM talent_recommendations WHERE tenant_id = @tenant UNION SELECT id::text FROM annual_targets WHERE tenant_id = @tenant"),
        ("trainingdb", "SELECT id::text FROM training_events WHERE tenant_id = @tenant UNION SELECT title FROM training_events WHERE tenant_id = @tenant UNION SELECT place FROM training_events WHERE tenant_id = @tenant AND place IS NOT NULL"),
        ("scoringdb", "SELECT id::text FROM ledger_entries WHERE tenant_id = @tenant UNION SELECT name FROM directory_persons WHERE tenant_id = @tenant"),
        // B's partner client, its webhook endpoint (id, URL) and deliveries.
        ("identitydb", "SELECT client_id FROM partner_clients WHERE tenant_id = @tenant UNION SELECT id::text FROM webhook_endpoints WHERE tenant_id = @tenant " +
            "UNION SELECT url FROM webhook_endpoints WHERE tenant_id = @tenant UNION SELECT id::text FROM webhook_deliveries WHERE tenant_id = @tenant"),
        ("identitydb", "SELECT id::text FROM accounts WHERE tenant_id = @tenant UNION SELECT user_name FROM accounts WHERE tenant_id = @tenant UNION SELECT name FROM tenants WHERE id = @tenant UNION SELECT id::text FROM audit_entries WHERE tenant_id = @tenant"),
        .. new[] { "intakedb", "reviewdb", "peopledb", "trainingdb", "scoringdb" }.Select(db => (db,
            "SELECT id::text FROM outbox_messages WHERE tenant_id = @tenant UNION SELECT id::text FROM dead_letters WHERE tenant_id = @tenant " +
            "UNION SELECT event_id::text FROM dead_letters WHERE tenant_id = @tenant UNION SELECT id::text FROM audit_entries WHERE tenant_id = @tenant")),
    ];

    /// <summary>The detector must see B's data where it is meant to be seen: B's own admin, same endpoints, same judge.</summary>
    private async Task SelfTestDetectorAsync(TenantBData b)
    {
        var admin = new Caller("mj-admin", b.Admin, ["person", "staff", "review-reader", "admin"]);
        Attempt[] controls =
        [
            new(-1, "intake.get", admin, HttpMethod.Get, $"/api/intake/submissions/{b.Submissions[0]}", null, null, Expect.ForeignId),
            new(-2, "intake.list.author", admin, HttpMethod.Get, $"/api/intake/submissions?authorPersonId={LiuFeilong}", null, null, Expect.EmptyFilter),
            new(-3, "review.list.submission", admin, HttpMethod.Get, $"/api/review/cases?submissionId={b.Submissions[1]}", null, null, Expect.EmptyFilter),
            new(-4, "people.persons", admin, HttpMethod.Get, "/api/people/persons?pageSize=200", null, null, Expect.Listing),
            new(-5, "training.get", admin, HttpMethod.Get, $"/api/training/events/{b.Event}", null, null, Expect.ForeignId),
            new(-6, "scoring.ledger.source", admin, HttpMethod.Get, $"/api/scoring/ledger?sourceId={b.Event}", null, null, Expect.EmptyFilter),
            new(-7, "scoring.rank", admin, HttpMethod.Get, $"/api/scoring/leaderboards/persons/{LiuFeilong}", null, null, Expect.ForeignId),
            new(-8, "identity.tenant.get", admin, HttpMethod.Get, $"/api/identity/tenants/{TenantB}", null, null, Expect.TenantLookup),
            new(-9, "review.workflow", admin, HttpMethod.Get, "/api/review/workflow", null, null, Expect.Listing),
            new(-30, "review.queues", admin, HttpMethod.Get, "/api/review/queues/overdue", null, null, Expect.Listing),
            new(-31, "review.adoptions", admin, HttpMethod.Get, $"/api/review/submissions/{b.Review.Adopted}/adoptions", null, null, Expect.ForeignId),
            new(-38, "review.file.get", admin, HttpMethod.Get, $"/api/review/files/{b.Review.Files[0]}", null, null, Expect.ForeignId),
            new(-39, "review.instructions", admin, HttpMethod.Get, $"/api/review/submissions/{b.Review.Adopted}/instructions", null, null, Expect.ForeignId),
            new(-40, "review.department.get", admin, HttpMethod.Get, $"/api/review/departments/{b.Review.Departments[0]}", null, null, Expect.ForeignId),
            new(-41, "review.handling.get", admin, HttpMethod.Get, $"/api/review/handlings/{b.Review.Handlings[0]}", null, null, Expect.ForeignId),
            new(-42, "review.handlings", admin, HttpMethod.Get, "/api/review/handlings", null, null, Expect.Listing),
            new(-43, "identity.webhooks", admin, HttpMethod.Get, "/api/identity/webhooks", null, null, Expect.Listing),
            new(-44, "identity.webhook.delivery.get", admin, HttpMethod.Get,
                $"/api/identity/webhooks/{b.Webhooks.Endpoints[0]}/deliveries/{b.Webhooks.Deliveries[0]}", null, null, Expect.ForeignId),
            new(-45, "identity.webhook.notices", admin, HttpMethod.Get, "/api/identity/webhooks/notices", null, null, Expect.Listing),
            new(-46, "identity.webhook.notices.endpoint", admin, HttpMethod.Get, $"/api/identity/webhooks/notices?endpointId={b.Webhooks.Endpoints[0]}", null, null,
                Expect.EmptyFilter),
            new(-32, "review.forwardings", admin, HttpMethod.Get, "/api/review/forwardings", null, null, Expect.Listing),
            new(-33, "intake.issues", admin, HttpMethod.Get, "/api/intake/publication-issues", null, null, Expect.Listing),
            new(-34, "intake.issue.get", admin, HttpMethod.Get, $"/api/intake/publication-issues/{b.Publications.Issues[0]}", null, null, Expect.ForeignId),
            new(-35, "intake.golden-ideas", admin, HttpMethod.Get, "/api/intake/golden-ideas", null, null, Expect.Listing),
            new(-36, "intake.selections", admin, HttpMethod.Get, "/api/intake/excellent-selections", null, null, Expect.Listing),
            new(-37, "intake.selection.get", admin, HttpMethod.Get, $"/api/intake/excellent-selections/{b.Publications.Selections[1]}", null, null, Expect.ForeignId),
            .. AuditedServices.Select((service, i) =>
                new Attempt(-10 - i, "audit.list", admin, HttpMethod.Get, $"/api/{service}/admin/audit?pageSize=200", null, null, Expect.Listing)),
            .. MessagingServices.Select((service, i) =>
                new Attempt(-20 - i, "dead-letters.list", admin, HttpMethod.Get, $"/api/{service}/admin/dead-letters", null, null, Expect.Listing)),
        ];
        foreach (var control in controls)
        {
            var outcome = await SendAsync(control, CancellationToken.None);
            Assert.True(Judge(control, outcome, b.Markers).Any(f => f.Leak),
                $"detector self-test: B's own answer to {control.Method} {control.Path} ({outcome.Status}) was not recognised as B's data");
        }

        // B's own workbooks, read cell by cell as A's answers are: the unit assessment and award candidates name B's
        // unit and persons once scoring has priced B's adoption (its events may still be on their way: waited for).
        var year = DateTime.UtcNow.Year;
        Attempt[] workbooks =
        [
            new(-40, "scoring.assessments.xlsx", admin, HttpMethod.Get, $"/api/scoring/assessments/xlsx?year={year}", null, null, Expect.Listing),
            new(-41, "scoring.awards.xlsx", admin, HttpMethod.Get, $"/api/scoring/awards/xlsx?year={year}", null, null, Expect.Listing),
        ];
        foreach (var control in workbooks)
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            Outcome outcome;
            while (true)
            {
                outcome = await SendAsync(control, CancellationToken.None);
                if (outcome.MediaType == XlsxMediaType && Judge(control, outcome, b.Markers).Any(f => f.Leak) || DateTime.UtcNow > deadline) break;
                await Task.Delay(500);
            }
            Assert.True(outcome.MediaType == XlsxMediaType && Judge(control, outcome, b.Markers).Any(f => f.Leak),
                $"detector self-test: B's own workbook {control.Path} ({outcome.Status}, {outcome.MediaType}) did not show B's data");
        }
    }

    // =====================================================================================================
    // The plan: endpoints × identities × bodies, all drawn from one seeded Random before anything is sent
    // =====================================================================================================

    /// <summary>An identity of tenant A; its tags say which policies it passes (to aim half the attempts past them).</summary>
    private sealed record Caller(string Name, HttpClient Client, string[] Tags)
    {
        public bool Is(string tag) => Tags.Contains(tag);
    }

    private enum Expect
    {
        /// <summary>A resource of B by its id: 404 (or 400/403 refused before any lookup); 2xx, 409 or a 403 other than the policy's show B.</summary>
        ForeignId,
        /// <summary>GET /api/identity/tenants/mj-cq: 404 and nothing else.</summary>
        TenantLookup,
        /// <summary>A write of A's that names B's rows: refused (400/403); 2xx or 409 is a leak.</summary>
        Refused,
        /// <summary>A list filtered by B's ids: if 2xx, no items and a total of 0.</summary>
        EmptyFilter,
        /// <summary>A plain list or search: if 2xx, none of B's markers.</summary>
        Listing,
    }

    private sealed record Attempt(int Index, string Endpoint, Caller Caller, HttpMethod Method, string Path, string? Body,
        (string Name, string Value)? Header, Expect Expect, string? IfMatch = null);

    /// <summary>An endpoint's attempt maker; <paramref name="Only"/> restricts the identities, <paramref name="Prefer"/> is
    /// the tag of the identities its policy lets through, drawn for half of its attempts so they reach the data.</summary>
    private sealed record Endpoint(string Name, Func<Random, Caller, Attempt> Make, string? Only = null, string? Prefer = null);

    private static List<Attempt> Plan(Random random, TenantBData b, PublicationsOfA ownOfA, Caller[] callers, int count)
    {
        var year = DateTime.UtcNow.Year;
        T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];
        string Json(object? value) => JsonSerializer.Serialize(value);
        string Paging(int defaultPageSize) => random.Next(4) switch
        {
            0 => "",
            1 => $"page={random.Next(1, 3)}&pageSize={random.Next(1, 201)}",
            2 => "pageSize=200",
            _ => Pick(new[] { "page=0", "pageSize=0", "pageSize=500", $"pageSize={defaultPageSize}" }),
        };
        string? Status(string[] statuses) => random.Next(3) == 0 ? null : $"status={Pick(statuses)}";
        string Period() => Pick(new[] { $"{year}", $"{year}-Q{random.Next(1, 5)}", $"{year}-{random.Next(1, 13):D2}", $"{year - 1}", "last-year" });
        string Text(string what) => $"{what} {random.Next():X8}";

        var subs = b.Submissions.Append(b.Draft).ToArray();
        var replayIds = b.DeadLetters.Concat(b.EventIds).Concat(Enumerable.Range(0, 8).Select(_ => NewGuid(random))).ToArray();
        string EditBody() => random.Next(10) switch
        {
            < 6 => Json(new { title = Text("改标题"), body = Text("改正文") }),
            6 => Json(new { title = "", body = "x" }),
            7 => Json(new { title = new string('长', 201), body = "x" }),
            8 => "{}",
            _ => "{\"title\": ",
        };
        string DecisionBody()
        {
            var decision = new Dictionary<string, object?>();
            var action = Pick(new[] { "pass", "return", "reject", "adopt", "adopt", null, "approve" });
            if (action is not null || random.Next(2) == 0) decision["action"] = action;
            if (action == "adopt" || random.Next(4) == 0)
                decision["adoptionLevel"] = Pick(new[] { "own-body", "parent-body", "national", "party-centre", "galactic" });
            if (action is "return" or "reject" || random.Next(3) == 0)
                decision["comment"] = random.Next(8) == 0 ? new string('评', 2001) : Text("请修改");
            return Json(decision);
        }
        string AttendanceBody()
        {
            var body = new Dictionary<string, object?>();
            var person = random.Next(6) switch { 0 or 1 => Pick(b.Persons), 2 or 3 => Pick(PersonsOfA), 4 => NewGuid(random), _ => (Guid?)null };
            if (person is not null) body["personId"] = person;
            var hours = Pick(new decimal?[] { null, 2m, 1.5m, 24m, 0m, 25m, -1m });
            if (hours is not null) body["hours"] = hours;
            return Json(body);
        }
        string PersonBody() => Json(new
        {
            name = random.Next(8) == 0 ? "" : Text("新会员"),
            unitId = Pick(b.Units),
            roles = Pick(new string[][] { [], ["member"], ["officer"], ["member", "officer"], ["emperor"] }),
        });
        string ProfileBody() => Json(new
        {
            gender = Pick(new[] { "男", "女", null, "未知" }),
            title = Text("职务"),
            expertiseTags = Pick(new string[][] { [], ["经济"], [.. Enumerable.Range(0, 21).Select(i => $"t{i}")] }),
            phone = Pick(new[] { "13800001111", null, "12345" }),
            idNumber = Pick(new[] { "11010519491231002X", null, "110105194912310021" }),
        });
        string TenantBody() => Json(new
        {
            id = Pick(new[] { TenantB, $"{TenantB}-{random.Next(1000)}", $"iso-{random.Next(1000)}" }),
            name = Text("租户"),
            kind = Pick(new[] { "democratic-party", "cppcc" }),
            parentId = Pick(new[] { TenantB, TenantB, null, "cq-zx" }),
        });
        string ForeignAuthoredBody() => Json(new
        {
            title = Text("代B写"), body = Text("正文"), authorPersonId = Pick(b.Persons), unitId = Pick(b.Units.Append(UnitOfA).ToArray()),
        });

        // Issue 11: workflows, checklists, assignment, queues, the adoption ladder, forwarding and the publications.
        var issuesOfB = b.Publications.Issues;
        var ideasOfB = b.Publications.GoldenIdeas;
        var selectionsOfB = b.Publications.Selections;
        string[] checkItems = ["political", "policy", "facts", "format", "text"];
        string ItemsBody() => random.Next(6) switch
        {
            < 3 => Json(new { submissionIds = new[] { Pick(b.Submissions) } }),
            3 => Json(new { submissionIds = new[] { Pick(b.Submissions), NewGuid(random) } }),
            4 => Json(new { submissionIds = Array.Empty<Guid>() }),
            _ => "{}",
        };
        string ChecklistBody() => random.Next(6) switch
        {
            < 3 => Json(new { checks = new[] { new { item = Pick(checkItems), passed = random.Next(2) == 0, comment = Text("意见") } } }),
            3 => Json(new { checks = checkItems.Select(i => new { item = i, passed = true, comment = Text("通过") }).ToArray() }),
            4 => Json(new { checks = new[] { new { item = "facts", passed = false, comment = "" } } }), // a failure needs its comment: 400
            _ => Json(new { checks = new[] { new { item = "morals", passed = true, comment = "x" } } }),
        };
        // A's workflow naming B's persons as reviewers. Review keeps no directory of persons, so what refuses it is the
        // body (invalid: 400) or the precondition (a valid body goes without a usable If-Match: 428): A's own workflow,
        // which other flows read, never changes, and B's (a row of its own) must not either.
        (string Body, bool Valid) WorkflowBody()
        {
            var reviewers = new[] { Pick(b.Persons) };
            return random.Next(6) switch
            {
                0 => (Json(new { stages = Array.Empty<object>() }), false),
                1 => (Json(new { stages = new[] { new { name = "初审", role = "emperor", reviewerPersonIds = reviewers, timeLimitDays = 5 } } }), false),
                2 => (Json(new
                {
                    stages = new[]
                    {
                        new { name = "同名", role = "leader", reviewerPersonIds = reviewers, timeLimitDays = 5 },
                        new { name = "同名", role = "director", reviewerPersonIds = reviewers, timeLimitDays = 5 },
                    },
                }), false),
                3 => (Json(new { stages = new[] { new { name = Text("审"), role = "leader", reviewerPersonIds = reviewers, timeLimitDays = 61 } } }), false),
                _ => (Json(new { stages = new[] { new { name = Text("审"), role = "leader", reviewerPersonIds = reviewers, timeLimitDays = 5 } } }), true),
            };
        }
        // A's own issues and selections: years no other flow uses; invalid ones are refused before anything is looked up.
        string IssueBody() => random.Next(7) switch
        {
            < 2 => Json(new { year = 2100, number = random.Next(1, 999) }),
            2 => Json(new { publicationName = Text("刊物"), year = 2099, number = random.Next(1, 1000) }),
            3 => Json(new { year = 1999, number = 1 }),
            4 => Json(new { year = 2100, number = 0 }),
            5 => Json(new { publicationName = new string('刊', 31), year = 2100, number = 1 }),
            _ => "{}",
        };
        string SelectionBody() => random.Next(6) switch
        {
            < 2 => Json(new { year = random.Next(2090, 2101), half = random.Next(1, 3) }),
            2 => Json(new { year = random.Next(2090, 2101), half = random.Next(1, 3), title = Text("选编") }),
            3 => Json(new { year = 2100, half = 3 }),
            4 => Json(new { year = 2100, half = 1, title = new string('编', 101) }),
            _ => Json(new { year = 2100, half = 2, title = "  " }),
        };
        string? ForwardBody() => random.Next(4) switch
        {
            < 2 => Json(new { note = Text("转报") }),
            2 => Json(new { note = new string('转', 501) }),
            _ => null,
        };

        Attempt A(Caller c, string endpoint, HttpMethod method, string path, string? body, Expect expect) =>
            new(0, endpoint, c, method, path, body, null, expect);
        // Changes of B's rows with an If-Match A guessed (a version number, a weak or a wildcard tag) or none at all.
        Attempt Change(Caller c, string endpoint, HttpMethod method, string path, string? body) =>
            A(c, endpoint, method, path, body, Expect.ForeignId) with
            {
                IfMatch = random.Next(6) switch { 0 => null, 1 => "*", 2 => $"W/\"{random.Next(1, 100_000)}\"", _ => $"\"{random.Next(1, 100_000)}\"" },
            };

        Endpoint[] endpoints =
        [
            // intake
            new("intake.get", (_, c) => A(c, "intake.get", HttpMethod.Get, $"/api/intake/submissions/{Pick(subs)}", null, Expect.ForeignId)),
            new("intake.put", (_, c) => Change(c, "intake.put", HttpMethod.Put, $"/api/intake/submissions/{Pick(subs)}", EditBody())),
            new("intake.submit", (_, c) => Change(c, "intake.submit", HttpMethod.Post, $"/api/intake/submissions/{Pick(subs)}/submit", null)),
            new("intake.list.author", (_, c) => A(c, "intake.list.author", HttpMethod.Get,
                Query("/api/intake/submissions", $"authorPersonId={Pick(b.Persons)}", Status(["draft", "submitted", "returned", "adopted", "not-adopted"]), Paging(20)),
                null, Expect.EmptyFilter)),
            new("intake.list", (_, c) => A(c, "intake.list", HttpMethod.Get,
                Query("/api/intake/submissions", Status(["draft", "submitted", "returned", "adopted", "not-adopted", "bogus"]), Paging(20)), null, Expect.Listing)),
            new("intake.create.foreign-author", (_, c) => A(c, "intake.create.foreign-author", HttpMethod.Post, "/api/intake/submissions",
                ForeignAuthoredBody(), Expect.Refused)), // B's persons are unknown in A's directory: 400 for staff and partners too
            // intake at full depth: versions, authors, themes, channels, withdrawal, clues, solicitations, topics, search
            new("intake.versions", (_, c) => A(c, "intake.versions", HttpMethod.Get, $"/api/intake/submissions/{Pick(subs)}/versions", null, Expect.ForeignId)),
            new("intake.version", (_, c) => A(c, "intake.version", HttpMethod.Get, $"/api/intake/submissions/{Pick(subs)}/versions/{random.Next(1, 3)}", null, Expect.ForeignId)),
            new("intake.diff", (_, c) => A(c, "intake.diff", HttpMethod.Get, $"/api/intake/submissions/{b.Draft}/diff?from=1&to=2", null, Expect.ForeignId)),
            new("intake.editor-changes", (_, c) => A(c, "intake.editor-changes", HttpMethod.Get, $"/api/intake/submissions/{Pick(subs)}/editor-changes", null, Expect.ForeignId)),
            new("intake.polish", (_, c) => Change(c, "intake.polish", HttpMethod.Post, $"/api/intake/submissions/{Pick(b.Submissions)}/polish",
                Json(new { title = Text("润色"), body = Text("润色正文"), reason = Pick(new[] { Text("润色"), "" }) })), Prefer: "staff"),
            new("intake.similar", (_, c) => A(c, "intake.similar", HttpMethod.Get, $"/api/intake/submissions/{Pick(subs)}/similar", null, Expect.ForeignId), Prefer: "staff"),
            new("intake.authors", (_, c) => Change(c, "intake.authors", HttpMethod.Put, $"/api/intake/submissions/{Pick(subs)}/authors",
                Json(new { authorPersonIds = new[] { Pick(b.Persons.Concat(PersonsOfA).ToArray()) }, unitId = Pick(b.Units.Append(UnitOfA).ToArray()) }))),
            new("intake.withdraw", (_, c) => Change(c, "intake.withdraw", HttpMethod.Post, $"/api/intake/submissions/{Pick(subs)}/withdraw", Json(new { reason = Text("撤回") }))),
            new("intake.archive", (_, c) => Change(c, "intake.archive", HttpMethod.Post, $"/api/intake/submissions/{Pick(subs)}/archive", null), Prefer: "staff"),
            new("intake.search", (_, c) => A(c, "intake.search", HttpMethod.Get,
                Query("/api/intake/submissions", "q=" + Uri.EscapeDataString(Pick(new[] { "草稿正文", "正文", "约稿", "融资的建议", "减负" })), Paging(20)), null, Expect.Listing)),
            new("intake.list.solicitation", (_, c) => A(c, "intake.list.solicitation", HttpMethod.Get,
                Query("/api/intake/submissions", $"solicitationId={Pick(b.Intake.Solicitations)}", Paging(20)), null, Expect.EmptyFilter)),
            new("intake.list.unit", (_, c) => A(c, "intake.list.unit", HttpMethod.Get,
                Query("/api/intake/submissions", $"unitId={Pick(b.Units)}", Paging(20)), null, Expect.EmptyFilter)),
            new("intake.themes", (_, c) => A(c, "intake.themes", HttpMethod.Get, "/api/intake/themes", null, Expect.Listing)),
            new("intake.theme.get", (_, c) => A(c, "intake.theme.get", HttpMethod.Get, $"/api/intake/themes/{Pick(b.Intake.Themes)}", null, Expect.ForeignId)),
            new("intake.theme.create", (_, c) => A(c, "intake.theme.create", HttpMethod.Post, "/api/intake/themes", Json(new { name = Text("主题") }), Expect.Listing), Prefer: "staff"),
            new("intake.theme.retire", (_, c) => Change(c, "intake.theme.retire", HttpMethod.Delete, $"/api/intake/themes/{Pick(b.Intake.Themes)}", null), Prefer: "staff"),
            new("intake.chair-channel", (_, c) => A(c, "intake.chair-channel", HttpMethod.Get, "/api/intake/settings/chair-channel", null, Expect.Listing), Prefer: "admin"),
            // settings naming B's persons: unknown in A's directory, refused
            new("intake.chair-channel.put", (_, c) => A(c, "intake.chair-channel.put", HttpMethod.Put, "/api/intake/settings/chair-channel",
                Json(new { chairPersonIds = new[] { Pick(b.Persons) }, staffPersonIds = Array.Empty<Guid>(), replyDays = 10 }), Expect.Refused)
                with { IfMatch = "*" }, Prefer: "admin"),
            new("intake.clue.get", (_, c) => A(c, "intake.clue.get", HttpMethod.Get, $"/api/intake/clues/{Pick(b.Intake.Clues)}", null, Expect.ForeignId), Prefer: "person"),
            new("intake.clue.convert", (_, c) => A(c, "intake.clue.convert", HttpMethod.Post, $"/api/intake/clues/{Pick(b.Intake.Clues)}/convert",
                Json(new { title = Text("线索转稿"), unitId = UnitOfA }), Expect.ForeignId), Prefer: "person"),
            new("intake.clue.dismiss", (_, c) => Change(c, "intake.clue.dismiss", HttpMethod.Post, $"/api/intake/clues/{Pick(b.Intake.Clues)}/dismiss",
                Json(new { reason = Text("无效") })), Prefer: "person"),
            new("intake.solicitations", (_, c) => A(c, "intake.solicitations", HttpMethod.Get,
                Query("/api/intake/solicitations", random.Next(2) == 0 ? "status=open" : null, Paging(20)), null, Expect.Listing)),
            new("intake.solicitation.get", (_, c) => A(c, "intake.solicitation.get", HttpMethod.Get, $"/api/intake/solicitations/{Pick(b.Intake.Solicitations)}", null, Expect.ForeignId)),
            new("intake.solicitation.claim", (_, c) => A(c, "intake.solicitation.claim", HttpMethod.Post, $"/api/intake/solicitations/{Pick(b.Intake.Solicitations)}/claim", null, Expect.ForeignId), Prefer: "person"),
            new("intake.solicitation.close", (_, c) => Change(c, "intake.solicitation.close", HttpMethod.Post, $"/api/intake/solicitations/{Pick(b.Intake.Solicitations)}/close", null), Prefer: "staff"),
            new("intake.solicitation.issue", (_, c) => A(c, "intake.solicitation.issue", HttpMethod.Post, "/api/intake/solicitations", Json(new
            {
                title = Text("约稿"), brief = Text("说明"), targetUnitIds = new[] { Pick(b.Units) }, deadline = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(10),
            }), Expect.Refused), Prefer: "staff"),
            new("intake.topics", (_, c) => A(c, "intake.topics", HttpMethod.Get, Query("/api/intake/topics", Paging(20)), null, Expect.Listing), Prefer: "staff"),
            new("intake.topic.get", (_, c) => A(c, "intake.topic.get", HttpMethod.Get, $"/api/intake/topics/{Pick(b.Intake.Topics)}", null, Expect.ForeignId), Prefer: "staff"),
            new("intake.topic.solicit", (_, c) => Change(c, "intake.topic.solicit", HttpMethod.Post, $"/api/intake/topics/{Pick(b.Intake.Topics)}/solicit", Json(new
            {
                targetPersonIds = new[] { Pick(PersonsOfA) }, deadline = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(10),
            })), Prefer: "staff"),
            new("intake.topic.drop", (_, c) => Change(c, "intake.topic.drop", HttpMethod.Post, $"/api/intake/topics/{Pick(b.Intake.Topics)}/drop", null), Prefer: "staff"),
            // intake: 刊期 (publication issues), 金点子 (golden ideas), 优秀选编 (excellent selections)
            new("intake.issue.create", (_, c) => A(c, "intake.issue.create", HttpMethod.Post, "/api/intake/publication-issues", IssueBody(), Expect.Listing), Prefer: "editor"),
            new("intake.issues", (_, c) => A(c, "intake.issues", HttpMethod.Get, Query("/api/intake/publication-issues",
                random.Next(2) == 0 ? $"year={Pick(new[] { year, year, 2100, 1999 })}" : null, Paging(20)), null, Expect.Listing), Prefer: "staff"),
            new("intake.issue.get", (_, c) => A(c, "intake.issue.get", HttpMethod.Get, $"/api/intake/publication-issues/{Pick(issuesOfB)}", null, Expect.ForeignId), Prefer: "staff"),
            new("intake.issue.document", (_, c) => A(c, "intake.issue.document", HttpMethod.Get, $"/api/intake/publication-issues/{Pick(issuesOfB)}/document", null,
                Expect.ForeignId), Prefer: "staff"),
            new("intake.issue.items", (_, c) => Change(c, "intake.issue.items", HttpMethod.Put, $"/api/intake/publication-issues/{Pick(issuesOfB)}/items", ItemsBody()),
                Prefer: "editor"),
            // B's items into A's own draft issue, with the ETag A read: unknown items, 400 (and never B's title in it)
            new("intake.issue.items.foreign", (_, c) => A(c, "intake.issue.items.foreign", HttpMethod.Put, $"/api/intake/publication-issues/{ownOfA.Issue}/items",
                Json(new { submissionIds = new[] { Pick(b.Submissions) } }), Expect.Refused) with { IfMatch = ownOfA.IssueETag }, Prefer: "editor"),
            new("intake.issue.publish", (_, c) => Change(c, "intake.issue.publish", HttpMethod.Post, $"/api/intake/publication-issues/{Pick(issuesOfB)}/publish", null),
                Prefer: "editor"),
            new("intake.golden-idea.create", (_, c) => A(c, "intake.golden-idea.create", HttpMethod.Post, "/api/intake/golden-ideas", Json(new
            {
                submissionId = Pick(subs), meeting = Pick(new[] { "weekly", "half-monthly", "monthly", "yearly" }), meetingOn = "2026-11-20", note = Text("金点子"),
            }), Expect.Refused), Prefer: "staff"),
            new("intake.golden-ideas", (_, c) => A(c, "intake.golden-ideas", HttpMethod.Get,
                Query("/api/intake/golden-ideas", Status(["proposed", "following", "implemented", "closed", "bogus"]), Paging(20)), null, Expect.Listing), Prefer: "staff"),
            new("intake.golden-idea.get", (_, c) => A(c, "intake.golden-idea.get", HttpMethod.Get, $"/api/intake/golden-ideas/{Pick(ideasOfB)}", null, Expect.ForeignId),
                Prefer: "staff"),
            new("intake.golden-idea.follow-up", (_, c) => Change(c, "intake.golden-idea.follow-up", HttpMethod.Put, $"/api/intake/golden-ideas/{Pick(ideasOfB)}/follow-up",
                Json(new { status = Pick(new[] { "following", "implemented", "closed", "proposed", "bogus" }), note = Text("跟进") })), Prefer: "staff"),
            new("intake.selection.create", (_, c) => A(c, "intake.selection.create", HttpMethod.Post, "/api/intake/excellent-selections", SelectionBody(), Expect.Listing),
                Prefer: "editor"),
            new("intake.selections", (_, c) => A(c, "intake.selections", HttpMethod.Get, Query("/api/intake/excellent-selections",
                random.Next(2) == 0 ? $"year={Pick(new[] { year, year, 2100, 1999 })}" : null, Paging(20)), null, Expect.Listing), Prefer: "staff"),
            new("intake.selection.get", (_, c) => A(c, "intake.selection.get", HttpMethod.Get, $"/api/intake/excellent-selections/{Pick(selectionsOfB)}", null,
                Expect.ForeignId), Prefer: "staff"),
            new("intake.selection.items", (_, c) => Change(c, "intake.selection.items", HttpMethod.Put, $"/api/intake/excellent-selections/{Pick(selectionsOfB)}/items",
                ItemsBody()), Prefer: "editor"),
            new("intake.selection.items.foreign", (_, c) => A(c, "intake.selection.items.foreign", HttpMethod.Put,
                $"/api/intake/excellent-selections/{ownOfA.Selection}/items", Json(new { submissionIds = new[] { Pick(b.Submissions) } }), Expect.Refused)
                with { IfMatch = ownOfA.SelectionETag }, Prefer: "editor"),
            new("intake.selection.publish", (_, c) => Change(c, "intake.selection.publish", HttpMethod.Post,
                $"/api/intake/excellent-selections/{Pick(selectionsOfB)}/publish", null), Prefer: "editor"),
            // review
            new("review.get", (_, c) => A(c, "review.get", HttpMethod.Get, $"/api/review/cases/{Pick(b.Cases)}", null, Expect.ForeignId), Prefer: "review-reader"),
            new("review.list.submission", (_, c) => A(c, "review.list.submission", HttpMethod.Get,
                Query("/api/review/cases", $"submissionId={Pick(subs)}", Status(["open", "returned", "adopted", "rejected"]), Paging(20)), null, Expect.EmptyFilter), Prefer: "review-reader"),
            new("review.list", (_, c) => A(c, "review.list", HttpMethod.Get,
                Query("/api/review/cases", Status(["open", "returned", "adopted", "rejected", "closed"]), Paging(20)), null, Expect.Listing), Prefer: "review-reader"),
            new("review.decide", (_, c) => Change(c, "review.decide", HttpMethod.Post, $"/api/review/cases/{Pick(b.Cases)}/decisions", DecisionBody()), Prefer: "staff"),
            // review at full depth: workflow, 五关, 分配, queues, the adoption ladder, 转报
            new("review.workflow", (_, c) => A(c, "review.workflow", HttpMethod.Get, "/api/review/workflow", null, Expect.Listing), Prefer: "review-reader"),
            new("review.workflow.put", (_, c) =>
            {
                var (body, valid) = WorkflowBody();
                return A(c, "review.workflow.put", HttpMethod.Put, "/api/review/workflow", body, Expect.Refused) with
                {
                    IfMatch = valid ? Pick(new string?[] { null, "*" }) : Pick(new string?[] { null, "*", "\"0\"", $"\"{random.Next(1, 50)}\"" }),
                };
            }, Prefer: "admin"),
            new("review.checklist", (_, c) => Change(c, "review.checklist", HttpMethod.Put, $"/api/review/cases/{Pick(b.Cases)}/checklist", ChecklistBody()), Prefer: "staff"),
            new("review.assign", (_, c) => Change(c, "review.assign", HttpMethod.Post, $"/api/review/cases/{Pick(b.Cases)}/assign",
                random.Next(5) == 0 ? "{}" : Json(new { reviewerPersonId = Pick(b.Persons.Concat(PersonsOfA).ToArray()) })), Prefer: "staff"),
            new("review.queues", (_, c) => A(c, "review.queues", HttpMethod.Get,
                Query($"/api/review/queues/{Pick(new[] { "mine", "stage", "overdue" })}", Paging(20)), null, Expect.Listing), Prefer: "staff"),
            new("review.adoptions", (_, c) => A(c, "review.adoptions", HttpMethod.Get, $"/api/review/submissions/{Pick(subs)}/adoptions", null, Expect.ForeignId),
                Prefer: "review-reader"),
            new("review.file.get", (_, c) => A(c, "review.file.get", HttpMethod.Get, $"/api/review/files/{Pick(b.Review.Files)}", null, Expect.ForeignId),
                Prefer: "review-reader"),
            new("review.adoption.record", (_, c) => A(c, "review.adoption.record", HttpMethod.Post, $"/api/review/submissions/{Pick(subs)}/adoptions", Json(new
            {
                level = Pick(new[] { "national", "party-centre", "parent-body", "national", "own-body" }), publicationName = Text("刊物"), issue = "2026年第1期",
                adoptedOn = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-random.Next(0, 3)), evidenceFileId = random.Next(4) == 0 ? Pick(b.Review.Files) : (Guid?)null,
            }), Expect.ForeignId), Prefer: "staff"),
            new("review.instructions", (_, c) => A(c, "review.instructions", HttpMethod.Get, $"/api/review/submissions/{Pick(subs)}/instructions", null, Expect.ForeignId),
                Prefer: "review-reader"),
            new("review.instruction.record", (_, c) => A(c, "review.instruction.record", HttpMethod.Post, $"/api/review/submissions/{Pick(subs)}/instructions", Json(new
            {
                // Mostly valid, so most attempts reach the lookup of B's item; B's file as evidence is refused before it (400).
                leaderTitle = Text("领导"), level = Pick(new[] { "district", "municipal", "provincial", "national", "municipal", "bogus" }),
                nature = Pick(new[] { "肯定性", "指导性", "督办性", "其他", "无" }),
                instructedOn = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-random.Next(0, 3)), summary = Text("批示"),
                evidenceFileId = random.Next(4) == 0 ? Pick(b.Review.Files) : (Guid?)null,
            }), Expect.ForeignId), Prefer: "staff"),
            // 交办 / 督办: B's departments and handlings by id, lists filtered by them, A's assignments naming B's item or department
            new("review.departments", (_, c) => A(c, "review.departments", HttpMethod.Get, Query("/api/review/departments", Paging(50)), null, Expect.Listing),
                Prefer: "department"),
            new("review.department.get", (_, c) => A(c, "review.department.get", HttpMethod.Get, $"/api/review/departments/{Pick(b.Review.Departments)}", null,
                Expect.ForeignId), Prefer: "staff"),
            new("review.department.put", (_, c) => Change(c, "review.department.put", HttpMethod.Put, $"/api/review/departments/{Pick(b.Review.Departments)}",
                Json(new { name = Text("单位"), active = random.Next(2) == 0 })), Prefer: "staff"),
            new("review.handlings", (_, c) => A(c, "review.handlings", HttpMethod.Get, Query("/api/review/handlings",
                Pick(new[] { $"departmentId={Pick(b.Review.Departments)}", $"submissionId={Pick(subs)}" }), Paging(20)), null, Expect.EmptyFilter), Prefer: "department"),
            new("review.handlings.list", (_, c) => A(c, "review.handlings.list", HttpMethod.Get,
                Query("/api/review/handlings", Status(["assigned", "accepted", "in-progress", "replied", "closed"]), Paging(20)), null, Expect.Listing), Prefer: "department"),
            new("review.handling.get", (_, c) => A(c, "review.handling.get", HttpMethod.Get, $"/api/review/handlings/{Pick(b.Review.Handlings)}", null,
                Expect.ForeignId), Prefer: "department"),
            new("review.handling.step", (_, c) => Change(c, "review.handling.step", HttpMethod.Post,
                $"/api/review/handlings/{Pick(b.Review.Handlings)}/{Pick(new[] { "accept", "start", "reply", "requests", "rating" })}", Json(new
                {
                    category = Pick(new[] { "A", "B", "E" }), text = Text("答复"), kind = Pick(new[] { "extension", "transfer" }), reason = Text("理由"),
                    newDeadline = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(60), toDepartmentId = Pick(b.Review.Departments),
                    rating = Pick(new[] { "satisfied", "dissatisfied" }), comment = Text("评价"),
                })), Prefer: "department"),
            new("review.handling.decision", (_, c) => Change(c, "review.handling.decision", HttpMethod.Post,
                $"/api/review/handlings/{Pick(b.Review.Handlings)}/requests/{Guid.NewGuid()}/decision", Json(new { approve = random.Next(2) == 0 })), Prefer: "staff"),
            new("review.handling.assign", (_, c) => A(c, "review.handling.assign", HttpMethod.Post, "/api/review/handlings", Json(new
            {
                submissionId = Pick(subs), leadDepartmentId = random.Next(2) == 0 ? Pick(b.Review.Departments) : SpbCivilAffairs,
                coDepartmentIds = random.Next(3) == 0 ? new[] { Pick(b.Review.Departments) } : null,
                deadline = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(30),
            }), Expect.ForeignId), Prefer: "staff"),
            new("review.handlings.overdue", (_, c) => A(c, "review.handlings.overdue", HttpMethod.Get,
                Query("/api/review/handlings/overdue", $"departmentId={Pick(b.Review.Departments)}", Paging(20)), null, Expect.EmptyFilter), Prefer: "department"),
            new("review.handlings.figures", (_, c) => A(c, "review.handlings.figures", HttpMethod.Get, "/api/review/handlings/figures", null, Expect.Listing),
                Prefer: "staff"),
            // 承办单位通知: B's notices by id, lists filtered by B's handling, the department's own list, count and read-all
            new("review.handling.notices", (_, c) => A(c, "review.handling.notices", HttpMethod.Get,
                Query("/api/review/handlings/notices", random.Next(2) == 0 ? "unread=true" : null, Paging(20)), null, Expect.Listing), Prefer: "department"),
            new("review.handling.notices.handling", (_, c) => A(c, "review.handling.notices.handling", HttpMethod.Get,
                Query("/api/review/handlings/notices", $"handlingId={Pick(b.Review.Handlings)}", Paging(20)), null, Expect.EmptyFilter), Prefer: "department"),
            new("review.handling.notices.unread-count", (_, c) => A(c, "review.handling.notices.unread-count", HttpMethod.Get,
                "/api/review/handlings/notices/unread-count", null, Expect.Listing), Prefer: "department"),
            new("review.handling.notice.read", (_, c) => A(c, "review.handling.notice.read", HttpMethod.Post,
                $"/api/review/handlings/notices/{Pick(b.Review.DepartmentNotices)}/read", Json(new { }), Expect.ForeignId), Prefer: "department"),
            new("review.handling.notices.read-all", (_, c) => A(c, "review.handling.notices.read-all", HttpMethod.Post,
                "/api/review/handlings/notices/read-all", Json(new { }), Expect.Listing), Prefer: "department"),
            // 反馈: B's messages by id, my inbox filtered by B's item, B's proofs and reply attachments
            new("review.feedback.read", (_, c) => A(c, "review.feedback.read", HttpMethod.Post,
                $"/api/review/feedback/inbox/{Pick(b.Review.FeedbackMessages.DefaultIfEmpty(Guid.NewGuid()).ToArray())}/read", Json(new { }), Expect.ForeignId),
                Prefer: "member"),
            new("review.feedback.inbox", (_, c) => A(c, "review.feedback.inbox", HttpMethod.Get,
                Query("/api/review/feedback/inbox", $"submissionId={Pick(subs)}", Paging(20)), null, Expect.EmptyFilter), Prefer: "member"),
            new("review.proof", (_, c) => A(c, "review.proof", HttpMethod.Get, Pick(new[]
                {
                    $"/api/review/proofs/adoptions/{Pick(b.Review.Adoptions)}", $"/api/review/proofs/instructions/{Pick(b.Review.Instructions)}",
                    $"/api/review/handlings/{Pick(b.Review.Handlings)}/attachments/{Pick(b.Review.Files)}",
                }), null, Expect.ForeignId), Prefer: "member"),
            new("review.forward", (_, c) => Change(c, "review.forward", HttpMethod.Post, $"/api/review/cases/{Pick(b.Cases)}/forward", ForwardBody()), Prefer: "staff"),
            new("review.forwardings", (_, c) => A(c, "review.forwardings", HttpMethod.Get,
                Query("/api/review/forwardings", Status(["forwarded", "adopted", "not-adopted", "bogus"]), Paging(20)), null, Expect.Listing), Prefer: "staff"),
            // people
            new("people.units", (_, c) => A(c, "people.units", HttpMethod.Get, "/api/people/units", null, Expect.Listing), Prefer: "person"),
            new("people.persons.unit", (_, c) => A(c, "people.persons.unit", HttpMethod.Get,
                Query("/api/people/persons", $"unitId={Pick(b.Units)}", Paging(50)), null, Expect.EmptyFilter), Prefer: "person"),
            new("people.persons", (_, c) => A(c, "people.persons", HttpMethod.Get, Query("/api/people/persons", Paging(50)), null, Expect.Listing), Prefer: "person"),
            new("people.person.get", (_, c) => A(c, "people.person.get", HttpMethod.Get, $"/api/people/persons/{Pick(b.Persons)}", null, Expect.ForeignId), Prefer: "person"),
            new("people.person.create", (_, c) => A(c, "people.person.create", HttpMethod.Post, "/api/people/persons", PersonBody(), Expect.Refused), Prefer: "admin"),
            // the registry: B's units, persons and memberships by id, and A's writes naming them
            new("people.unit.get", (_, c) => A(c, "people.unit.get", HttpMethod.Get, $"/api/people/units/{Pick(b.Units)}", null, Expect.ForeignId), Prefer: "person"),
            new("people.units.filtered", (_, c) => A(c, "people.units.filtered", HttpMethod.Get,
                Query("/api/people/units", $"category={Pick(new[] { "district-committee", "professional-group", "sector", "bogus" })}",
                    random.Next(2) == 0 ? "includeClosed=true" : null, random.Next(3) == 0 ? $"parentId={Pick(b.Units)}" : null, Paging(20)), null, Expect.Listing), Prefer: "person"),
            new("people.units.tree", (_, c) => A(c, "people.units.tree", HttpMethod.Get,
                Query("/api/people/units/tree", random.Next(2) == 0 ? "includeClosed=true" : null), null, Expect.Listing), Prefer: "person"),
            new("people.unit.members", (_, c) => A(c, "people.unit.members", HttpMethod.Get,
                Query($"/api/people/units/{Pick(b.Units)}/members", random.Next(2) == 0 ? "on=2025-01-01" : null, Paging(20)), null, Expect.ForeignId), Prefer: "person"),
            new("people.unit.create.under", (_, c) => A(c, "people.unit.create.under", HttpMethod.Post, "/api/people/units",
                Json(new { name = Text("下级"), category = "sector", parentId = Pick(b.Units) }), Expect.Refused), Prefer: "admin"),
            new("people.unit.rename", (_, c) => Change(c, "people.unit.rename", HttpMethod.Put, $"/api/people/units/{Pick(b.Units)}",
                Json(new { name = Text("改名") })), Prefer: "admin"),
            new("people.unit.move", (_, c) => Change(c, "people.unit.move", HttpMethod.Post, $"/api/people/units/{Pick(b.Units)}/move",
                Json(new { parentId = random.Next(2) == 0 ? (Guid?)null : Pick(b.Units.Append(UnitOfA).ToArray()) })), Prefer: "admin"),
            new("people.unit.move.under", (_, c) => Change(c, "people.unit.move.under", HttpMethod.Post, $"/api/people/units/{UnitOfA}/move",
                Json(new { parentId = Pick(b.Units) })) with { Expect = Expect.Refused }, Prefer: "admin"),
            new("people.unit.close", (_, c) => Change(c, "people.unit.close", HttpMethod.Post, $"/api/people/units/{Pick(b.Units)}/close",
                Json(new { reason = Text("撤销") })), Prefer: "admin"),
            new("people.person.update", (_, c) => Change(c, "people.person.update", HttpMethod.Put, $"/api/people/persons/{Pick(b.Persons)}",
                Json(new { name = Text("改名"), roles = new[] { "member" } })), Prefer: "admin"),
            new("people.person.deactivate", (_, c) => Change(c, "people.person.deactivate", HttpMethod.Post, $"/api/people/persons/{Pick(b.Persons)}/deactivate",
                Json(new { reason = Text("停用") })), Prefer: "admin"),
            new("people.person.memberships", (_, c) => A(c, "people.person.memberships", HttpMethod.Get,
                Query($"/api/people/persons/{Pick(b.Persons)}/memberships", random.Next(2) == 0 ? "on=2025-01-01" : null, Paging(20)), null, Expect.ForeignId), Prefer: "person"),
            new("people.membership.start", (_, c) => A(c, "people.membership.start", HttpMethod.Post, $"/api/people/persons/{Pick(b.Persons)}/memberships",
                Json(new { unitId = Pick(b.Units.Append(UnitOfA).ToArray()), role = "委员", startsOn = "2025-01-01" }), Expect.ForeignId), Prefer: "admin"),
            new("people.membership.start.in", (_, c) => A(c, "people.membership.start.in", HttpMethod.Post, $"/api/people/persons/{Pick(PersonsOfA)}/memberships",
                Json(new { unitId = Pick(b.Units), role = "委员", startsOn = "2025-01-01" }), Expect.Refused), Prefer: "admin"),
            new("people.membership.get", (_, c) => A(c, "people.membership.get", HttpMethod.Get, $"/api/people/memberships/{Pick(b.Memberships)}", null, Expect.ForeignId), Prefer: "person"),
            new("people.membership.role", (_, c) => Change(c, "people.membership.role", HttpMethod.Put, $"/api/people/memberships/{Pick(b.Memberships)}",
                Json(new { role = Text("主任") })), Prefer: "admin"),
            new("people.membership.end", (_, c) => Change(c, "people.membership.end", HttpMethod.Post, $"/api/people/memberships/{Pick(b.Memberships)}/end",
                Json(new { endsOn = "2026-01-01" })), Prefer: "admin"),
            new("people.person.personal-data", (_, c) => A(c, "people.person.personal-data", HttpMethod.Get,
                $"/api/people/persons/{Pick(b.Persons)}/personal-data", null, Expect.ForeignId), Prefer: "admin"),
            new("people.person.profile", (_, c) => Change(c, "people.person.profile", HttpMethod.Put, $"/api/people/persons/{Pick(b.Persons)}/profile", ProfileBody()), Prefer: "admin"),
            // search filters naming B's units or B's names and tags find nobody; a sector of B is refused like an unknown one
            new("people.persons.search.foreign", (_, c) => A(c, "people.persons.search.foreign", HttpMethod.Get,
                Query("/api/people/persons", Pick(new[] { $"sectorId={Pick(b.Units)}", $"unitId={Pick(b.Units)}&active=all",
                    $"q={Uri.EscapeDataString(Pick(b.Markers))}&active=all", $"tag={Uri.EscapeDataString(Pick(b.Markers))}&active=all" }), Paging(50)),
                null, Expect.EmptyFilter), Prefer: "person"),
            new("people.persons.search", (_, c) => A(c, "people.persons.search", HttpMethod.Get,
                Query("/api/people/persons", Pick(new[] { "active=all", "active=false", "sort=-createdAt", "sort=pinyin", "kind=member", "q=l", "q=z&active=all" }), Paging(50)),
                null, Expect.Listing), Prefer: "person"),
            // people: appointments (聘任) and the shares that allow cross-tenant ones
            new("people.appointment.get", (_, c) => A(c, "people.appointment.get", HttpMethod.Get, $"/api/people/appointments/{Pick(b.Appointments)}", null, Expect.ForeignId), Prefer: "staff"),
            new("people.appointments.person", (_, c) => A(c, "people.appointments.person", HttpMethod.Get,
                Query("/api/people/appointments", $"personId={Pick(b.Persons)}", Status(["active", "expired", "revoked"]), Paging(20)), null, Expect.EmptyFilter), Prefer: "staff"),
            new("people.appointments", (_, c) => A(c, "people.appointments", HttpMethod.Get,
                Query("/api/people/appointments", Status(["active", "expired", "revoked", "scheduled"]), Paging(20)), null, Expect.Listing), Prefer: "staff"),
            new("people.appointments.expiring", (_, c) => A(c, "people.appointments.expiring", HttpMethod.Get,
                Query("/api/people/appointments/expiring", $"days={Pick(new[] { 30, 365, 366, 0 })}", Paging(20)), null, Expect.Listing), Prefer: "staff"),
            new("people.appointment.create", (_, c) => A(c, "people.appointment.create", HttpMethod.Post, "/api/people/appointments",
                Json(new { personId = Pick(b.Persons), startsOn = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)), endsOn = DateOnly.FromDateTime(DateTime.UtcNow.AddYears(1)) }),
                Expect.Refused), Prefer: "admin"),
            new("people.appointment.renew", (_, c) => Change(c, "people.appointment.renew", HttpMethod.Post, $"/api/people/appointments/{Pick(b.Appointments)}/renew",
                Json(new { endsOn = DateOnly.FromDateTime(DateTime.UtcNow.AddYears(2)) })), Prefer: "admin"),
            new("people.appointment.revoke", (_, c) => Change(c, "people.appointment.revoke", HttpMethod.Post, $"/api/people/appointments/{Pick(b.Appointments)}/revoke",
                Json(new { reason = Text("撤销") })), Prefer: "admin"),
            new("people.shares", (_, c) => A(c, "people.shares", HttpMethod.Get, Query($"/api/people/persons/{Pick(b.Persons)}/shares", Paging(20)), null, Expect.EmptyFilter), Prefer: "admin"),
            new("people.share.get", (_, c) => A(c, "people.share.get", HttpMethod.Get, $"/api/people/persons/{Pick(b.Persons)}/shares/{Pick(b.Shares)}", null, Expect.ForeignId), Prefer: "admin"),
            new("people.share.create", (_, c) => A(c, "people.share.create", HttpMethod.Post, $"/api/people/persons/{Pick(b.Persons)}/shares",
                Json(new { tenantId = Pick(new[] { "cq-zx", "spb-zx", TenantB, "" }) }), Expect.ForeignId), Prefer: "admin"),
            new("people.share.withdraw", (_, c) => Change(c, "people.share.withdraw", HttpMethod.Post,
                $"/api/people/persons/{Pick(b.Persons)}/shares/{Pick(b.Shares)}/withdraw", null), Prefer: "admin"),
            new("people.shared-persons", (_, c) => A(c, "people.shared-persons", HttpMethod.Get, Query("/api/people/shared-persons", Paging(20)), null, Expect.Listing), Prefer: "staff"),
            new("people.card.get", (_, c) => A(c, "people.card.get", HttpMethod.Get,
                $"/api/people/persons/{Pick(b.Persons)}/{Pick(new[] { "card", "card.png", "card.svg" })}", null, Expect.ForeignId), Prefer: "staff"),
            new("people.card.issue", (_, c) => A(c, "people.card.issue", HttpMethod.Post, $"/api/people/persons/{Pick(b.Persons)}/card", null, Expect.ForeignId), Prefer: "admin"),
            new("people.card.rotate", (_, c) => Change(c, "people.card.rotate", HttpMethod.Post, $"/api/people/persons/{Pick(b.Persons)}/card/rotate", null), Prefer: "staff"),
            // intake: clues are the signed-in person's own; A's never lists B's
            new("intake.clues", (_, c) => A(c, "intake.clues", HttpMethod.Get, Query("/api/intake/clues", Paging(20)), null, Expect.Listing), Prefer: "person"),
            // people: talent, targets, member record
            new("people.talent.visit.get", (_, c) => A(c, "people.talent.visit.get", HttpMethod.Get, $"/api/people/talent/visits/{Pick(b.Talent.Visits)}", null, Expect.ForeignId), Prefer: "staff"),
            new("people.talent.visits", (_, c) => A(c, "people.talent.visits", HttpMethod.Get,
                Query("/api/people/talent/visits", random.Next(2) == 0 ? $"kind={Pick(new[] { "enterprise", "university", "bogus" })}" : null, Paging(20)), null, Expect.Listing), Prefer: "staff"),
            new("people.talent.visit.create", (_, c) => A(c, "people.talent.visit.create", HttpMethod.Post, "/api/people/talent/visits", Json(new
            {
                kind = "enterprise", place = Text("越界走访"), visitedOn = "2026-11-20",
                visitorIds = random.Next(2) == 0 ? new[] { Pick(b.Persons) } : new[] { PersonsOfA[0] },
                discovered = new[] { new { personId = Pick(b.Persons) } },
            }), Expect.Refused), Prefer: "admin"),
            new("people.talent.pool.get", (_, c) => A(c, "people.talent.pool.get", HttpMethod.Get, $"/api/people/talent/pool/{Pick(b.Talent.Pool)}", null, Expect.ForeignId), Prefer: "staff"),
            new("people.talent.pool.visit", (_, c) => A(c, "people.talent.pool.visit", HttpMethod.Get,
                Query("/api/people/talent/pool", $"visitId={Pick(b.Talent.Visits)}", Paging(20)), null, Expect.EmptyFilter), Prefer: "staff"),
            new("people.talent.pool", (_, c) => A(c, "people.talent.pool", HttpMethod.Get, Query("/api/people/talent/pool",
                random.Next(2) == 0 ? $"tag={Pick(new[] { "金融", "制造" })}" : null, random.Next(3) == 0 ? "backbone=false" : null, random.Next(3) == 0 ? "q=人才" : null, Paging(20)),
                null, Expect.Listing), Prefer: "staff"),
            new("people.talent.pool.edit", (_, c) => Change(c, "people.talent.pool.edit", HttpMethod.Put, $"/api/people/talent/pool/{Pick(b.Talent.Pool)}",
                Json(new { backbone = true, expertiseTags = new[] { Text("标签")[..8] } })), Prefer: "admin"),
            new("people.talent.pool.link", (_, c) => Change(c, "people.talent.pool.link", HttpMethod.Put, $"/api/people/talent/pool/{Pick(b.Talent.Pool)}/person",
                Json(new { personId = Pick(PersonsOfA) })), Prefer: "admin"),
            new("people.talent.recommend", (_, c) => A(c, "people.talent.recommend", HttpMethod.Post, "/api/people/talent/recommendations",
                Json(new { talentId = Pick(b.Talent.Pool), target = "think-tank" }), Expect.Refused), Prefer: "admin"),
            new("people.talent.recommendation.get", (_, c) => A(c, "people.talent.recommendation.get", HttpMethod.Get,
                $"/api/people/talent/recommendations/{Pick(b.Talent.Recommendations)}", null, Expect.ForeignId), Prefer: "staff"),
            new("people.talent.recommendations.talent", (_, c) => A(c, "people.talent.recommendations.talent", HttpMethod.Get,
                Query("/api/people/talent/recommendations", $"talentId={Pick(b.Talent.Pool)}", Paging(20)), null, Expect.EmptyFilter), Prefer: "staff"),
            new("people.talent.recommendations", (_, c) => A(c, "people.talent.recommendations", HttpMethod.Get,
                Query("/api/people/talent/recommendations", Status(["proposed", "accepted", "declined"]), Paging(20)), null, Expect.Listing), Prefer: "staff"),
            new("people.talent.recommendation.decide", (_, c) => Change(c, "people.talent.recommendation.decide", HttpMethod.Post,
                $"/api/people/talent/recommendations/{Pick(b.Talent.Recommendations)}/{Pick(new[] { "accept", "decline" })}", Json(new { date = "2026-11-25", note = Text("决定") })), Prefer: "admin"),
            new("people.targets", (_, c) => A(c, "people.targets", HttpMethod.Get,
                Query($"/api/people/targets/{year}", random.Next(2) == 0 ? $"scope={Pick(new[] { "persons", "units" })}" : null, Paging(20)), null, Expect.Listing), Prefer: "staff"),
            new("people.target.get", (_, c) => A(c, "people.target.get", HttpMethod.Get, random.Next(2) == 0
                ? $"/api/people/targets/{year}/persons/{Pick(b.Persons)}" : $"/api/people/targets/{year}/units/{Pick(b.Units)}", null, Expect.ForeignId), Prefer: "staff"),
            new("people.target.set", (_, c) => Change(c, "people.target.set", HttpMethod.Put, random.Next(2) == 0
                ? $"/api/people/targets/{year}/persons/{Pick(b.Persons)}" : $"/api/people/targets/{year}/units/{Pick(b.Units)}",
                Json(new { submitted = random.Next(0, 20), adopted = 0 })), Prefer: "admin"),
            new("people.record", (_, c) => A(c, "people.record", HttpMethod.Get,
                Query($"/api/people/persons/{Pick(b.Persons)}/record", random.Next(2) == 0 ? $"year={year}" : null), null, Expect.ForeignId), Prefer: "person"),
            // the roster export as CSV (text, so B's names would show); the import is multipart, outside this suite's JSON shape
            new("people.roster.export", (_, c) => A(c, "people.roster.export", HttpMethod.Get, "/api/people/persons/export?format=csv", null, Expect.Listing), Prefer: "admin"),
            // training
            new("training.get", (_, c) => A(c, "training.get", HttpMethod.Get, $"/api/training/events/{b.Event}", null, Expect.ForeignId), Prefer: "person"),
            new("training.list", (_, c) => A(c, "training.list", HttpMethod.Get, "/api/training/events", null, Expect.Listing), Prefer: "person"),
            new("training.attend", (_, c) => A(c, "training.attend", HttpMethod.Post, $"/api/training/events/{b.Event}/attendance", AttendanceBody(), Expect.ForeignId), Prefer: "staff"),
            new("training.registrations", (_, c) => A(c, "training.registrations", HttpMethod.Get, $"/api/training/events/{b.Event}/registrations", null, Expect.ForeignId), Prefer: "staff"),
            new("training.register", (_, c) => A(c, "training.register", HttpMethod.Post, $"/api/training/events/{b.Event}/registrations", Json(new { personId = Pick(b.Persons) }), Expect.ForeignId), Prefer: "staff"),
            new("training.sheet", (_, c) => A(c, "training.sheet", HttpMethod.Get, $"/api/training/events/{b.Event}/attendance.xlsx", null, Expect.ForeignId), Prefer: "staff"),
            new("training.calendar", (_, c) => A(c, "training.calendar", HttpMethod.Get,
                $"/api/training/calendar?month={DateTimeOffset.UtcNow.AddDays(7).ToOffset(TimeSpan.FromHours(8)):yyyy-MM}&includeShared=true", null, Expect.Listing), Prefer: "person"),
            new("training.shared", (_, c) => A(c, "training.shared", HttpMethod.Get, "/api/training/shared-events", null, Expect.Listing), Prefer: "person"),
            // training: one attendance, its correction and removal; materials; the shared listing's guest endpoints (B's event is not shared); my events
            new("training.attendance.get", (_, c) => A(c, "training.attendance.get", HttpMethod.Get,
                $"/api/training/events/{b.Event}/attendance/{Pick(b.Persons)}", null, Expect.ForeignId), Prefer: "staff"),
            new("training.attendance.correct", (_, c) => Change(c, "training.attendance.correct", HttpMethod.Put,
                $"/api/training/events/{b.Event}/attendance/{Pick(b.Persons)}", Json(new { hours = Pick(new[] { 1m, 0m, 99m }), reason = Text("更正") })), Prefer: "staff"),
            new("training.attendance.remove", (_, c) => A(c, "training.attendance.remove", HttpMethod.Post, $"/api/training/events/{b.Event}/attendance/remove",
                Json(new { personId = Pick(b.Persons), reason = Text("误签") }), Expect.ForeignId), Prefer: "staff"),
            new("training.materials.upload", (_, c) => A(c, "training.materials.upload", HttpMethod.Post, $"/api/training/events/{b.Event}/materials",
                null, Expect.ForeignId), Prefer: "staff"),
            new("training.materials.download", (_, c) => A(c, "training.materials.download", HttpMethod.Get,
                $"/api/training/events/{b.Event}/materials/{NewGuid(random)}", null, Expect.ForeignId), Prefer: "person"),
            new("training.materials.delete", (_, c) => Change(c, "training.materials.delete", HttpMethod.Delete,
                $"/api/training/events/{b.Event}/materials/{NewGuid(random)}", null), Prefer: "staff"),
            new("training.shared.register", (_, c) => A(c, "training.shared.register", HttpMethod.Post, $"/api/training/shared-events/{b.Event}/registrations",
                Json(new { }), Expect.ForeignId), Prefer: "person"),
            new("training.shared.check-in", (_, c) => A(c, "training.shared.check-in", HttpMethod.Post, $"/api/training/shared-events/{b.Event}/check-in",
                Json(new { token = Text("token") }), Expect.ForeignId), Prefer: "person"),
            new("training.shared.materials", (_, c) => A(c, "training.shared.materials", HttpMethod.Get, random.Next(2) == 0
                ? $"/api/training/shared-events/{b.Event}/materials" : $"/api/training/shared-events/{b.Event}/materials/{NewGuid(random)}", null, Expect.ForeignId), Prefer: "person"),
            new("training.me.events", (_, c) => A(c, "training.me.events", HttpMethod.Get, "/api/training/me/events", null, Expect.Listing), Prefer: "person"),
            // scoring
            new("scoring.ledger.person", (_, c) => A(c, "scoring.ledger.person", HttpMethod.Get,
                Query("/api/scoring/ledger", $"personId={Pick(b.Persons)}", random.Next(3) == 0 ? $"sourceId={Pick(subs)}" : null, Paging(50)), null, Expect.EmptyFilter), Prefer: "person"),
            new("scoring.ledger.source", (_, c) => A(c, "scoring.ledger.source", HttpMethod.Get,
                Query("/api/scoring/ledger", $"sourceId={Pick(b.Submissions.Append(b.Event).ToArray())}", Paging(50)), null, Expect.EmptyFilter), Prefer: "person"),
            new("scoring.ledger", (_, c) => A(c, "scoring.ledger", HttpMethod.Get, Query("/api/scoring/ledger", Paging(50)), null, Expect.Listing), Prefer: "person"),
            new("scoring.rank", (_, c) => A(c, "scoring.rank", HttpMethod.Get,
                Query($"/api/scoring/leaderboards/persons/{Pick(b.Persons)}", random.Next(2) == 0 ? $"period={Period()}" : null), null, Expect.ForeignId), Prefer: "person"),
            // scoring rules: A reads and changes its own only (B's rule rows are in the snapshot); statements of B's persons and units
            new("scoring.rules", (_, c) => A(c, "scoring.rules", HttpMethod.Get, "/api/scoring/rules", null, Expect.Listing), Prefer: "staff"),
            new("scoring.rules.versions", (_, c) => A(c, "scoring.rules.versions", HttpMethod.Get, Query("/api/scoring/rules/versions", Paging(20)), null,
                Expect.Listing), Prefer: "staff"),
            new("scoring.rules.version", (_, c) => A(c, "scoring.rules.version", HttpMethod.Get, $"/api/scoring/rules/versions/{random.Next(1, 4)}", null,
                Expect.Listing), Prefer: "staff"),
            new("scoring.rules.change", (_, c) => A(c, "scoring.rules.change", HttpMethod.Put, "/api/scoring/rules",
                Json(new { effectiveFrom = $"{year}-{random.Next(1, 13):D2}-01", goldenIdea = random.Next(0, 3) }), Expect.Listing) with
                { IfMatch = random.Next(3) switch { 0 => null, 1 => "*", _ => ownOfA.RulesETag } }, Prefer: "admin"),
            // without If-Match, "*", or A's own current ETag (valid once: A's version N+1, later A's 412): B's rules and boards stay as they were
            new("scoring.statement.person", (_, c) => A(c, "scoring.statement.person", HttpMethod.Get,
                Query($"/api/scoring/statements/persons/{Pick(b.Persons)}", random.Next(2) == 0 ? $"period={Period()}" : null), null, Expect.ForeignId), Prefer: "person"),
            new("scoring.statement.unit", (_, c) => A(c, "scoring.statement.unit", HttpMethod.Get,
                Query($"/api/scoring/statements/units/{Pick(b.Units)}", random.Next(2) == 0 ? $"period={Period()}" : null), null, Expect.ForeignId), Prefer: "staff"),
            new("scoring.top", (_, c) => A(c, "scoring.top", HttpMethod.Get,
                Query("/api/scoring/leaderboards/persons", $"top={Pick(new[] { 1, 10, 100, 100, 0, 101 })}", random.Next(2) == 0 ? $"period={Period()}" : null),
                null, Expect.Listing), Prefer: "person"),
            // scoring rankings, quotas, bulletins, awards: A's own views never show B; B's persons and units have no place in A's
            new("scoring.ranking", (_, c) => A(c, "scoring.ranking", HttpMethod.Get,
                Query($"/api/scoring/rankings/{Pick(new[] { "persons", "units", "categories", "special-committees" })}", $"period={Period()}"), null,
                Expect.Listing), Prefer: "person"),
            new("scoring.ranking.place", (_, c) => A(c, "scoring.ranking.place", HttpMethod.Get,
                random.Next(2) == 0 ? $"/api/scoring/rankings/persons/{Pick(b.Persons)}?from={year}-01-01&to={year}-12-31"
                    : $"/api/scoring/rankings/{Pick(new[] { "units", "special-committees" })}/{Pick(b.Units)}", null, Expect.ForeignId), Prefer: "staff"),
            new("scoring.quotas", (_, c) => A(c, "scoring.quotas", HttpMethod.Get,
                Pick(new[] { $"/api/scoring/quotas/completion?year={year}", $"/api/scoring/quotas/forecast?month={year}-10", "/api/scoring/quotas" }), null,
                Expect.Listing), Prefer: "staff"),
            new("scoring.bulletin", (_, c) => A(c, "scoring.bulletin", HttpMethod.Post, "/api/scoring/bulletins",
                Json(new { period = Pick(new[] { $"{year}-Q4", $"{year}-H2", $"{year}-11" }), normaliseByUnitSize = random.Next(2) == 0 }), Expect.Listing),
                Prefer: "staff"),
            new("scoring.awards", (_, c) => A(c, "scoring.awards", HttpMethod.Get,
                Pick(new[] { $"/api/scoring/awards/candidates?year={year}", $"/api/scoring/assessments?year={year}", $"/api/scoring/awards/decisions?year={year}" }),
                null, Expect.Listing), Prefer: "staff"),
            // bulletin settings: A reads and changes its own (without If-Match, "*", or a guessed version); B's row is in the snapshot.
            // The XLSX exports are read as the text of their sheets, so a name of B's in a cell is found.
            new("scoring.bulletins.settings", (_, c) => A(c, "scoring.bulletins.settings", HttpMethod.Get, "/api/scoring/bulletins/settings", null,
                Expect.Listing), Prefer: "staff"),
            new("scoring.bulletins.settings.change", (_, c) => A(c, "scoring.bulletins.settings.change", HttpMethod.Put, "/api/scoring/bulletins/settings",
                Json(new { normaliseByUnitSize = random.Next(2) == 0 }), Expect.Listing) with
                { IfMatch = random.Next(4) switch { 0 => null, 1 => "*", 2 => "\"0\"", _ => $"\"{random.Next(1, 4)}\"" } }, Prefer: "admin"),
            new("scoring.xlsx", (_, c) => A(c, "scoring.xlsx", HttpMethod.Get,
                Pick(new[] { $"/api/scoring/awards/xlsx?year={year}", $"/api/scoring/assessments/xlsx?year={year}" }), null, Expect.Listing), Prefer: "staff"),
            new("scoring.awards.decide", (_, c) => A(c, "scoring.awards.decide", HttpMethod.Post, "/api/scoring/awards/decisions",
                Json(random.Next(2) == 0
                    ? new { year, award = "advanced-collective", winners = new object[] { new { id = Pick(b.Units), tier = 1 } } }
                    : new { year, award = "contribution", winners = new object[] { new { id = Pick(b.Persons), tier = (int?)null } } }), Expect.Refused),
                Prefer: "staff"),
            // identity
            new("identity.tenant.get", (_, c) => A(c, "identity.tenant.get", HttpMethod.Get, $"/api/identity/tenants/{Pick(new[] { TenantB, TenantB, "MJ-CQ", "Mj-Cq" })}", null, Expect.TenantLookup)),
            new("identity.tenants", (_, c) => A(c, "identity.tenants", HttpMethod.Get, "/api/identity/tenants", null, Expect.Listing)),
            new("identity.tenant.create", (_, c) => A(c, "identity.tenant.create", HttpMethod.Post, "/api/identity/tenants", TenantBody(), Expect.Refused)),
            new("identity.account.get", (_, c) => A(c, "identity.account.get", HttpMethod.Get, $"/api/identity/accounts/{Pick(b.Accounts)}", null, Expect.ForeignId), Prefer: "admin"),
            new("identity.accounts", (_, c) => A(c, "identity.accounts", HttpMethod.Get, Query("/api/identity/accounts", Paging(20)), null, Expect.Listing), Prefer: "admin"),
            // an invitation naming B's person: identity knows it under B only, so A's admin gets 400
            new("identity.account.invite", (_, c) => A(c, "identity.account.invite", HttpMethod.Post, "/api/identity/accounts",
                Json(new { userName = $"iso{random.Next():x8}", displayName = Text("冒名"), roles = new[] { "member" }, personId = Pick(b.Persons) }),
                Expect.Refused), Prefer: "admin"),
            new("identity.account.change", (_, c) => Change(c, "identity.account.change", HttpMethod.Post,
                $"/api/identity/accounts/{Pick(b.Accounts)}/{Pick(new[] { "disable", "enable", "reset" })}", null), Prefer: "admin"),
            // 推送地址: B's partner's endpoint and its deliveries by id, lists filtered by B's client, A's endpoint for B's client
            new("identity.webhooks", (_, c) => A(c, "identity.webhooks", HttpMethod.Get, Query("/api/identity/webhooks",
                random.Next(2) == 0 ? $"clientId={b.Webhooks.ClientId}" : null, Paging(20)), null, Expect.Listing), Prefer: "admin"),
            new("identity.webhook.get", (_, c) => A(c, "identity.webhook.get", HttpMethod.Get, $"/api/identity/webhooks/{Pick(b.Webhooks.Endpoints)}", null,
                Expect.ForeignId), Prefer: "admin"),
            new("identity.webhook.put", (_, c) => Change(c, "identity.webhook.put", HttpMethod.Put, $"/api/identity/webhooks/{Pick(b.Webhooks.Endpoints)}",
                Json(new { url = "https://example.com/hook", eventTypes = new[] { "SubmissionAdopted" }, enabled = random.Next(2) == 0 })), Prefer: "admin"),
            new("identity.webhook.delete", (_, c) => Change(c, "identity.webhook.delete", HttpMethod.Delete, $"/api/identity/webhooks/{Pick(b.Webhooks.Endpoints)}",
                null), Prefer: "admin"),
            new("identity.webhook.rotate", (_, c) => Change(c, "identity.webhook.rotate", HttpMethod.Post,
                $"/api/identity/webhooks/{Pick(b.Webhooks.Endpoints)}/secret", null), Prefer: "admin"),
            new("identity.webhook.deliveries", (_, c) => A(c, "identity.webhook.deliveries", HttpMethod.Get, Query(
                $"/api/identity/webhooks/{Pick(b.Webhooks.Endpoints)}/deliveries", Status(["pending", "succeeded", "failed"]) is { } status ? $"status={status}" : null, Paging(20)), null,
                Expect.ForeignId), Prefer: "admin"),
            new("identity.webhook.delivery.get", (_, c) => A(c, "identity.webhook.delivery.get", HttpMethod.Get,
                $"/api/identity/webhooks/{Pick(b.Webhooks.Endpoints)}/deliveries/{Pick(b.Webhooks.Deliveries)}", null, Expect.ForeignId), Prefer: "admin"),
            new("identity.webhook.replay", (_, c) => A(c, "identity.webhook.replay", HttpMethod.Post,
                $"/api/identity/webhooks/{Pick(b.Webhooks.Endpoints)}/deliveries/{Pick(b.Webhooks.Deliveries)}/replay", Json(new { }), Expect.ForeignId),
                Prefer: "admin"),
            // 推送地址通知 and 发送测试推送: B's notice by id, A's list (filtered by B's endpoint or not), a test push to B's endpoint
            new("identity.webhook.notices", (_, c) => A(c, "identity.webhook.notices", HttpMethod.Get,
                Query("/api/identity/webhooks/notices", random.Next(2) == 0 ? "unread=true" : null, Paging(20)), null, Expect.Listing), Prefer: "admin"),
            new("identity.webhook.notices.endpoint", (_, c) => A(c, "identity.webhook.notices.endpoint", HttpMethod.Get,
                Query("/api/identity/webhooks/notices", $"endpointId={Pick(b.Webhooks.Endpoints)}", Paging(20)), null, Expect.EmptyFilter), Prefer: "admin"),
            new("identity.webhook.notice.read", (_, c) => A(c, "identity.webhook.notice.read", HttpMethod.Post,
                $"/api/identity/webhooks/notices/{Pick(b.Webhooks.Notices)}/read", Json(new { }), Expect.ForeignId), Prefer: "admin"),
            new("identity.webhook.test", (_, c) => A(c, "identity.webhook.test", HttpMethod.Post,
                $"/api/identity/webhooks/{Pick(b.Webhooks.Endpoints)}/test", Json(new { }), Expect.ForeignId), Prefer: "admin"),
            new("identity.webhook.register", (_, c) => A(c, "identity.webhook.register", HttpMethod.Post, "/api/identity/webhooks", Json(new
            {
                clientId = b.Webhooks.ClientId, url = "https://example.com/hook", eventTypes = new[] { "SubmissionAdopted" }, enabled = true,
            }), Expect.Refused), Prefer: "admin"),
            // every service: dead letters and audit
            new("dead-letters.replay", (_, c) => A(c, "dead-letters.replay", HttpMethod.Post,
                $"/api/{Pick(MessagingServices)}/admin/dead-letters/{Pick(replayIds)}/replay", null, Expect.ForeignId), Prefer: "admin"),
            new("dead-letters.list", (_, c) => A(c, "dead-letters.list", HttpMethod.Get, $"/api/{Pick(MessagingServices)}/admin/dead-letters", null, Expect.Listing), Prefer: "admin"),
            new("audit.list", (_, c) => A(c, "audit.list", HttpMethod.Get,
                Query($"/api/{Pick(AuditedServices)}/admin/audit", random.Next(3) == 0 ? $"action={Pick(new[] { "access-denied", "sign-in", "review-decision", "sign-in-failed" })}" : null, Paging(50)),
                null, Expect.Listing), Prefer: "admin"),
            // every service with an outbox: the operator's controls act on every tenant, so no identity of A may use them
            new("outbox.status", (_, c) => A(c, "outbox.status", HttpMethod.Get, $"/api/{Pick(MessagingServices)}/admin/outbox", null, Expect.Refused), Prefer: "admin"),
            new("outbox.republish", (_, c) => A(c, "outbox.republish", HttpMethod.Post, $"/api/{Pick(MessagingServices)}/admin/outbox/republish",
                JsonSerializer.Serialize(new { since = DateTimeOffset.UtcNow.AddMinutes(-30) }), Expect.Refused), Prefer: "admin"),
        ];

        var plan = new List<Attempt>(count);
        for (var i = 0; i < count; i++)
        {
            var endpoint = endpoints[i < endpoints.Length ? i : random.Next(endpoints.Length)]; // each endpoint at least once
            var eligible = callers.Where(c => endpoint.Only is null || c.Is(endpoint.Only)).ToArray();
            var preferred = eligible.Where(c => endpoint.Prefer is { } tag && c.Is(tag)).ToArray();
            var caller = preferred.Length > 0 && random.Next(2) == 0 ? Pick(preferred) : Pick(eligible);
            var attempt = endpoint.Make(random, caller) with { Index = i };
            // The tenant is the token's alone: a claimed tenant in a header or the query must change nothing.
            var spoof = random.Next(10);
            if (spoof < 2) attempt = attempt with { Header = (Pick(new[] { "X-Tenant-Id", "X-Sqmy-Tenant", "X-Tenant", "Tenant" }), TenantB) };
            else if (spoof == 2) attempt = attempt with { Path = Query(attempt.Path, Pick(new[] { "tenant", "tenantId", "tenant_id" }) + "=" + TenantB) };
            plan.Add(attempt);
        }
        return plan;
    }

    private static Guid NewGuid(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }

    private static string Query(string path, params string?[] parts)
    {
        var query = string.Join("&", parts.Where(p => !string.IsNullOrEmpty(p)));
        return query.Length == 0 ? path : path + (path.Contains('?') ? "&" : "?") + query;
    }

    // =====================================================================================================
    // Sending and judging
    // =====================================================================================================

    private sealed record Outcome(int Status, string? MediaType, string Body, int Throttled);

    private static async Task<Outcome> SendAsync(Attempt attempt, CancellationToken ct)
    {
        var throttled = 0;
        while (true)
        {
            using var request = new HttpRequestMessage(attempt.Method, attempt.Path);
            if (attempt.Body is not null) request.Content = new StringContent(attempt.Body, Encoding.UTF8, "application/json");
            if (attempt.Header is { } header) request.Headers.TryAddWithoutValidation(header.Name, header.Value);
            if (attempt.IfMatch is { } ifMatch) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
            try
            {
                using var response = await attempt.Caller.Client.SendAsync(request, ct);
                var body = response.Content.Headers.ContentType?.MediaType == XlsxMediaType
                    ? await XlsxTextAsync(response, ct)
                    : await response.Content.ReadAsStringAsync(ct);
                // Over a gateway limit (it should not happen at this pace): wait as told, then try again.
                if (response.StatusCode == HttpStatusCode.TooManyRequests && throttled < 3)
                {
                    throttled++;
                    await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(5), ct);
                    continue;
                }
                return new((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body, throttled);
            }
            catch (HttpRequestException ex)
            {
                return new(0, null, ex.Message, throttled);
            }
        }
    }

    private const string XlsxMediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>An XLSX's cells as text (its shared strings and sheets), so markers are looked for in what a reader sees.</summary>
    private static async Task<string> XlsxTextAsync(HttpResponseMessage response, CancellationToken ct)
    {
        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync(ct)));
        var text = new StringBuilder();
        foreach (var entry in zip.Entries.Where(e => e.FullName.StartsWith("xl/", StringComparison.Ordinal) && e.FullName.EndsWith(".xml", StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(entry.Open());
            text.Append(await reader.ReadToEndAsync(ct));
        }
        return text.ToString();
    }

    private sealed record Finding(bool Leak, string Why);

    /// <summary>The services the partner's token names (its scopes intake.* and review.read, and identity).</summary>
    private static readonly string[] PartnerServices = ["intake", "review", "identity"];
    /// <summary>The department client's token (review.handle) names review and identity only.</summary>
    private static readonly string[] DepartmentServices = ["review", "identity"];

    /// <summary>What is wrong with an answer, if anything: a leak (B's data, or an answer only B's row could cause) or an error.</summary>
    private static List<Finding> Judge(Attempt attempt, Outcome outcome, IReadOnlyList<string> markers)
    {
        var findings = new List<Finding>();
        var success = outcome.Status is >= 200 and < 300;
        if (outcome.Status == 0) return [new(false, $"no answer: {outcome.Body}")];
        // 428 (no usable If-Match) is decided before any lookup, like a 400.
        // A partner's token names only the services of its scopes (and identity): any other service answers 401.
        var outsideAudience = outcome.Status == 401 && attempt.Caller.Is("partner")
            && !(attempt.Caller.Is("department") ? DepartmentServices : PartnerServices).Any(s => attempt.Path.StartsWith($"/api/{s}/"));
        // A's own scoring rules with the ETag A read: valid once, then A's own version moved on and it is 412, as it should.
        var ownStaleRules = outcome.Status == 412 && attempt.Endpoint == "scoring.rules.change";
        if (!success && outcome.Status is not (400 or 403 or 404 or 409 or 428) && !outsideAudience && !ownStaleRules)
            findings.Add(new(false, $"status {outcome.Status}"));
        if (!success && outcome.MediaType != "application/problem+json")
            findings.Add(new(false, $"{outcome.Status} answered as {outcome.MediaType ?? "no content type"}, not problem+json"));

        JsonElement? json = null;
        try { if (outcome.Body.Length > 0) json = JsonDocument.Parse(outcome.Body).RootElement; } catch (JsonException) { }
        // A's own audit trail records A's denied requests, paths with B's ids included: the resource is A's echo.
        var text = json is { } root
            ? string.Join("\n", Strings(root, attempt.Endpoint == "audit.list" ? "resource" : null))
            : outcome.Body;
        // A problem may echo what was asked (instance, detail); a 2xx answer has nothing of B to echo.
        var asked = success ? "" : $"{attempt.Path}\n{attempt.Body}\n{attempt.Header?.Value}";
        var seen = markers.Where(m => text.Contains(m, StringComparison.OrdinalIgnoreCase) && !asked.Contains(m, StringComparison.OrdinalIgnoreCase)).ToList();
        if (seen.Count > 0) findings.Add(new(true, $"answer shows tenant B's {string.Join(", ", seen.Take(5).Select(m => $"'{m}'"))}"));

        var code = json is { ValueKind: JsonValueKind.Object } problem && problem.TryGetProperty("code", out var c) ? c.ToString() : null;
        switch (attempt.Expect)
        {
            case Expect.ForeignId when success:
                findings.Add(new(true, $"{outcome.Status} for a resource of tenant B"));
                break;
            case Expect.ForeignId when outcome.Status is 409 or 412 or 422:
                findings.Add(new(true, $"{outcome.Status} {code}: tenant B's resource was found"));
                break;
            case Expect.Refused when attempt.Endpoint == "people.person.create" && outcome.Status == 400
                && !(json is { ValueKind: JsonValueKind.Object } invalid && invalid.TryGetProperty("errors", out var errors) && errors.TryGetProperty("unitId", out _)):
                findings.Add(new(true, "400 without 'unitId': tenant B's unit was taken for one of A's"));
                break;
            // 'not-a-person' is decided on the caller alone (a partner or an account without a person), before any lookup.
            case Expect.ForeignId when outcome.Status == 403 && code is not ("forbidden" or "not-a-person"):
                findings.Add(new(true, $"403 {code} decided on tenant B's resource (a policy refusal is 'forbidden')"));
                break;
            case Expect.TenantLookup when outcome.Status != 404:
                findings.Add(new(true, $"{outcome.Status} for tenant B (must be 404)"));
                break;
            case Expect.Refused when success || outcome.Status == 409:
                findings.Add(new(true, $"{outcome.Status} {code}: a write naming tenant B's rows was not refused"));
                break;
            case Expect.EmptyFilter when success:
                var items = json is { ValueKind: JsonValueKind.Object } page && page.TryGetProperty("items", out var list) ? list.GetArrayLength() : -1;
                var total = json is { ValueKind: JsonValueKind.Object } page2 && page2.TryGetProperty("total", out var t) ? t.GetInt32() : -1;
                if (items != 0 || total != 0) findings.Add(new(true, $"filter on B's id found {items} items, total {total}"));
                break;
        }
        return findings;
    }

    private static IEnumerable<string> Strings(JsonElement element, string? skipProperty)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    yield return property.Name;
                    if (property.NameEquals(skipProperty ?? "\0")) continue;
                    foreach (var s in Strings(property.Value, skipProperty)) yield return s;
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                foreach (var s in Strings(item, skipProperty)) yield return s;
                break;
            case JsonValueKind.String:
                yield return element.GetString()!;
                break;
            default:
                yield return element.GetRawText();
                break;
        }
    }

    private static string Describe(Attempt attempt, Outcome outcome, List<Finding> findings) =>
        $"#{attempt.Index} {attempt.Caller.Name} {attempt.Method} {attempt.Path}" +
        (attempt.Header is { } h ? $" [{h.Name}: {h.Value}]" : "") +
        (attempt.Body is null ? "" : $" body {Truncate(attempt.Body, 300)}") +
        $"\n    → {outcome.Status} {outcome.MediaType} {Truncate(outcome.Body, 1500)}" +
        $"\n    {string.Join("; ", findings.Select(f => (f.Leak ? "LEAK: " : "ERROR: ") + f.Why))}";

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length] + "…";

    private void Report(List<(Attempt Attempt, Outcome Outcome, List<Finding> Findings)> verdicts, TimeSpan act, TimeSpan total, int throttled)
    {
        output.WriteLine($"{verdicts.Count} attempts by tenant {TenantA} in {act.TotalSeconds:F1} s " +
            $"({verdicts.Count / Math.Max(act.TotalSeconds, 0.001):F0}/s, {Parallelism} in flight, {throttled} throttled and retried); whole test {total.TotalSeconds:F1} s");
        output.WriteLine($"leaks: {verdicts.Count(v => v.Findings.Any(f => f.Leak))}, errors: {verdicts.Count(v => v.Findings.Any(f => !f.Leak))}");
        output.WriteLine("status distribution: " + Distribution(verdicts.Select(v => v.Outcome.Status)));
        output.WriteLine("by endpoint:");
        foreach (var group in verdicts.GroupBy(v => v.Attempt.Endpoint).OrderBy(g => g.Key, StringComparer.Ordinal))
            output.WriteLine($"  {group.Key,-30} {group.Count(),4}  {Distribution(group.Select(v => v.Outcome.Status))}");
        output.WriteLine("by identity:");
        foreach (var group in verdicts.GroupBy(v => v.Attempt.Caller.Name).OrderBy(g => g.Key, StringComparer.Ordinal))
            output.WriteLine($"  {group.Key,-30} {group.Count(),4}  {Distribution(group.Select(v => v.Outcome.Status))}");
        output.WriteLine($"with a claimed tenant in a header or the query: {verdicts.Count(v => v.Attempt.Header is not null || v.Attempt.Path.Contains("=" + TenantB))}");
    }

    private static string Distribution(IEnumerable<int> statuses) =>
        string.Join(" ", statuses.GroupBy(s => s).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}"));

    // =====================================================================================================
    // Tenant B's rows, read as the databases' owner (outside row security)
    // =====================================================================================================

    private const string OutboxRow = "concat_ws('|', t.id, t.tenant_id, t.type, t.payload::text, t.trace_parent, t.trace_state, t.created_at)";

    /// <summary>Every tenant-owned table of every service with B's rows; the outbox without its delivery bookkeeping
    /// (published_at, attempts, next_attempt_at, last_error), which the relay updates on its own.</summary>
    private static readonly (string Db, string Table, string Where, string Row)[] TenantBTables =
    [
        ("intakedb", "submissions", "tenant_id = @tenant", "t::text"),
        ("intakedb", "directory_persons", "tenant_id = @tenant", "t::text"),
        ("intakedb", "directory_units", "tenant_id = @tenant", "t::text"),
        ("reviewdb", "review_cases", "tenant_id = @tenant", "t::text"),
        ("reviewdb", "review_decisions", "tenant_id = @tenant", "t::text"),
        ("peopledb", "units", "tenant_id = @tenant", "t::text"),
        ("peopledb", "persons", "tenant_id = @tenant", "t::text"),
        ("peopledb", "memberships", "tenant_id = @tenant", "t::text"),
        ("peopledb", "appointments", "tenant_id = @tenant", "t::text"),
        ("peopledb", "person_shares", "tenant_id = @tenant", "t::text"),
        ("peopledb", "received_shares", "tenant_id = @tenant", "t::text"),
        ("identitydb", "officer_appointments", "tenant_id = @tenant", "t::text"),
        ("peopledb", "business_cards", "tenant_id = @tenant", "t::text"),
        ("intakedb", "clues", "tenant_id = @tenant", "t::text"),
        ("intakedb", "submission_versions", "tenant_id = @tenant", "t::text"),
        ("intakedb", "solicitations", "tenant_id = @tenant", "t::text"),
        ("intakedb", "solicitation_claims", "tenant_id = @tenant", "t::text"),
        ("intakedb", "topics", "tenant_id = @tenant", "t::text"),
        ("intakedb", "theme_tags", "tenant_id = @tenant", "t::text"),
        ("intakedb", "similar_items", "tenant_id = @tenant", "t::text"),
        ("intakedb", "similar_scans", "tenant_id = @tenant", "t::text"),
        ("intakedb", "similar_pair_counts", "tenant_id = @tenant", "t::text"),
        ("intakedb", "directory_memberships", "tenant_id = @tenant", "t::text"),
        ("intakedb", "chair_channel_settings", "tenant_id = @tenant", "t::text"),
        ("intakedb", "publication_issues", "tenant_id = @tenant", "t::text"),
        ("intakedb", "golden_ideas", "tenant_id = @tenant", "t::text"),
        ("intakedb", "excellent_selections", "tenant_id = @tenant", "t::text"),
        ("reviewdb", "review_workflows", "tenant_id = @tenant", "t::text"),
        ("reviewdb", "adoptions", "tenant_id = @tenant", "t::text"),
        ("reviewdb", "forwardings", "tenant_id = @tenant", "t::text"),
        ("reviewdb", "stored_files", "tenant_id = @tenant", "t::text"),
        ("reviewdb", "leader_instructions", "tenant_id = @tenant", "t::text"),
        ("reviewdb", "departments", "tenant_id = @tenant", "t::text"),
        ("reviewdb", "handlings", "tenant_id = @tenant", "t::text"),
        ("reviewdb", "handling_notices", "tenant_id = @tenant", "t::text"),
        ("reviewdb", "department_notices", "tenant_id = @tenant", "t::text"),
        ("reviewdb", "solicitation_invitations", "tenant_id = @tenant", "t::text"),
        ("reviewdb", "feedback_messages", "tenant_id = @tenant", "t::text"),
        ("reviewdb", "outgoing_messages", "tenant_id = @tenant", "t::text"),
        ("peopledb", "record_golden_ideas", "tenant_id = @tenant", "t::text"),
        ("peopledb", "record_selections", "tenant_id = @tenant", "t::text"),
        ("reviewdb", "submission_content_versions", "tenant_id = @tenant", "t::text"),
        ("reviewdb", "submission_withdrawals", "tenant_id = @tenant", "t::text"),
        ("peopledb", "record_submissions", "tenant_id = @tenant", "t::text"),
        ("peopledb", "record_adoptions", "tenant_id = @tenant", "t::text"),
        ("peopledb", "record_instructions", "tenant_id = @tenant", "t::text"),
        ("peopledb", "record_points", "tenant_id = @tenant", "t::text"),
        ("peopledb", "record_trainings", "tenant_id = @tenant", "t::text"),
        ("scoringdb", "directory_units", "tenant_id = @tenant", "t::text"),
        ("peopledb", "talent_visits", "tenant_id = @tenant", "t::text"),
        ("peopledb", "talent_pool", "tenant_id = @tenant", "t::text"),
        ("peopledb", "talent_recommendations", "tenant_id = @tenant", "t::text"),
        ("peopledb", "annual_targets", "tenant_id = @tenant", "t::text"),
        ("trainingdb", "training_events", "tenant_id = @tenant", "t::text"),
        ("trainingdb", "attendances", "tenant_id = @tenant", "t::text"),
        ("scoringdb", "ledger_entries", "tenant_id = @tenant", "t::text"),
        ("scoringdb", "score_facts", "tenant_id = @tenant", "t::text"),
        ("scoringdb", "rule_set_versions", "tenant_id = @tenant", "t::text"),
        ("scoringdb", "directory_persons", "tenant_id = @tenant", "t::text"),
        ("scoringdb", "person_kinds", "tenant_id = @tenant", "t::text"),
        ("scoringdb", "item_titles", "tenant_id = @tenant", "t::text"),
        ("scoringdb", "bulletin_settings", "tenant_id = @tenant", "t::text"),
        ("identitydb", "tenants", "id = @tenant OR parent_id = @tenant", "t::text"),
        ("identitydb", "accounts", "tenant_id = @tenant", "t::text"),
        ("identitydb", "known_persons", "tenant_id = @tenant", "t::text"),
        ("identitydb", "partner_clients", "tenant_id = @tenant", "t::text"),
        ("identitydb", "webhook_endpoints", "tenant_id = @tenant", "t::text"),
        ("identitydb", "webhook_deliveries", "tenant_id = @tenant", "t::text"),
        ("identitydb", "webhook_attempts", "tenant_id = @tenant", "t::text"),
        ("identitydb", "webhook_notices", "tenant_id = @tenant", "t::text"),
        // B's audit trail too: A's denials are A's entries, so not one entry of B may appear or change.
        ("identitydb", "audit_entries", "tenant_id = @tenant", "t::text"),
        .. new[] { "intakedb", "reviewdb", "peopledb", "trainingdb", "scoringdb" }.SelectMany(db => new[]
        {
            (db, "outbox_messages", "tenant_id = @tenant", OutboxRow),
            (db, "dead_letters", "tenant_id = @tenant", "t::text"),
            (db, "audit_entries", "tenant_id = @tenant", "t::text"),
        }),
    ];

    private sealed record TableState(long Rows, string Digest)
    {
        public override string ToString() => $"{Rows} rows md5 {Digest}";
    }

    private async Task<Dictionary<string, TableState>> SnapshotAsync()
    {
        var snapshot = new Dictionary<string, TableState>();
        foreach (var (db, table, where, row) in TenantBTables)
        {
            await using var connection = await OpenAsync(db);
            await using var command = new NpgsqlCommand(
                $"SELECT count(*), coalesce(md5(string_agg({row}, chr(10) ORDER BY {row})), '-') FROM {table} t WHERE {where}", connection);
            command.Parameters.AddWithValue("tenant", TenantB);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            snapshot[$"{db}.{table}"] = new(reader.GetInt64(0), reader.GetString(1));
        }
        return snapshot;
    }

    /// <summary>A snapshot taken when B's rows have stopped changing (events consumed, denials audited).</summary>
    private async Task<Dictionary<string, TableState>> SettledSnapshotAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var previous = await SnapshotAsync();
        while (true)
        {
            await Task.Delay(750);
            var current = await SnapshotAsync();
            if (current.Count == previous.Count && current.All(c => previous[c.Key] == c.Value)) return current;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("tenant B's rows kept changing while nothing of B was asked for");
            previous = current;
        }
    }

    /// <summary>Rows of other tenants that refer to B's ids (an attendance at B's event, a person in B's unit …).</summary>
    private async Task<Dictionary<string, long>> CrossReferencesAsync(TenantBData b)
    {
        (string, object)[] ids =
        [
            ("tenant", TenantB), ("persons", b.Persons), ("units", b.Units), ("submissions", b.Submissions.Append(b.Draft).ToArray()),
            ("cases", b.Cases), ("events", new[] { b.Event }), ("personPatterns", b.Persons.Select(p => $"%{p}%").ToArray()),
        ];
        (string Name, string Db, string Sql)[] queries =
        [
            ("intake", "intakedb", "SELECT (SELECT count(*) FROM submissions WHERE tenant_id <> @tenant AND (author_person_id = ANY(@persons) OR unit_id = ANY(@units) OR id = ANY(@submissions))) " +
                "+ (SELECT count(*) FROM clues WHERE tenant_id <> @tenant AND person_id = ANY(@persons)) " +
                "+ (SELECT count(*) FROM submissions WHERE tenant_id <> @tenant AND author_person_ids && @persons) " +
                "+ (SELECT count(*) FROM solicitations WHERE tenant_id <> @tenant AND (target_person_ids && @persons OR target_unit_ids && @units)) " +
                "+ (SELECT count(*) FROM similar_items WHERE tenant_id <> @tenant AND (submission_id = ANY(@submissions) OR similar_submission_id = ANY(@submissions))) " +
                // the parent's copy of B's forwarded item names it (one, arranged); A's items, ideas, issues and selections never may
                "+ (SELECT count(*) FROM submissions WHERE tenant_id <> @tenant AND origin_submission_id = ANY(@submissions)) " +
                "+ (SELECT count(*) FROM golden_ideas WHERE tenant_id <> @tenant AND submission_id = ANY(@submissions)) " +
                "+ (SELECT count(*) FROM publication_issues WHERE tenant_id <> @tenant AND submission_ids && @submissions) " +
                "+ (SELECT count(*) FROM excellent_selections WHERE tenant_id <> @tenant AND submission_ids && @submissions)"),
            ("review", "reviewdb", "SELECT (SELECT count(*) FROM review_cases WHERE tenant_id <> @tenant AND (id = ANY(@cases) OR submission_id = ANY(@submissions) OR author_person_id = ANY(@persons) OR unit_id = ANY(@units))) " +
                "+ (SELECT count(*) FROM review_decisions WHERE tenant_id <> @tenant AND case_id = ANY(@cases)) " +
                "+ (SELECT count(*) FROM review_cases WHERE tenant_id <> @tenant AND (origin_submission_id = ANY(@submissions) OR assignee_person_id = ANY(@persons))) " +
                "+ (SELECT count(*) FROM adoptions WHERE tenant_id <> @tenant AND (submission_id = ANY(@submissions) OR case_id = ANY(@cases))) " +
                "+ (SELECT count(*) FROM forwardings WHERE tenant_id <> @tenant AND (submission_id = ANY(@submissions) OR case_id = ANY(@cases))) " +
                "+ (SELECT count(*) FROM review_workflows WHERE tenant_id <> @tenant AND stages::text LIKE ANY(@personPatterns)) " +
                // no other tenant's handling names B's item or case
                "+ (SELECT count(*) FROM handlings WHERE tenant_id <> @tenant AND (submission_id = ANY(@submissions) OR case_id = ANY(@cases)))"),
            ("people", "peopledb", "SELECT (SELECT count(*) FROM persons WHERE tenant_id <> @tenant AND (id = ANY(@persons) OR unit_id = ANY(@units))) " +
                "+ (SELECT count(*) FROM units WHERE tenant_id <> @tenant AND (id = ANY(@units) OR parent_id = ANY(@units))) " +
                "+ (SELECT count(*) FROM memberships WHERE tenant_id <> @tenant AND (person_id = ANY(@persons) OR unit_id = ANY(@units))) " +
                "+ (SELECT count(*) FROM appointments WHERE tenant_id <> @tenant AND person_id = ANY(@persons)) " +
                "+ (SELECT count(*) FROM business_cards WHERE tenant_id <> @tenant AND person_id = ANY(@persons))"),
            ("training", "trainingdb", "SELECT (SELECT count(*) FROM attendances WHERE tenant_id <> @tenant AND (training_event_id = ANY(@events) OR person_id = ANY(@persons))) " +
                "+ (SELECT count(*) FROM training_events WHERE tenant_id <> @tenant AND id = ANY(@events))"),
            ("scoring", "scoringdb", "SELECT (SELECT count(*) FROM ledger_entries WHERE tenant_id <> @tenant AND (person_id = ANY(@persons) OR unit_id = ANY(@units) OR source_id = ANY(@submissions) OR source_id = ANY(@events))) " +
                "+ (SELECT count(*) FROM directory_persons WHERE tenant_id <> @tenant AND person_id = ANY(@persons))"),
        ];
        var counts = new Dictionary<string, long>();
        foreach (var (name, db, sql) in queries)
            counts[name] = await ScalarAsync<long>(db, sql, [.. ids.Where(p => sql.Contains("@" + p.Item1))]);
        return counts;
    }

    /// <summary>B's leaderboard (Redis) and one rank on it, as B's admin sees them.</summary>
    private static async Task<string> BoardOfBAsync(TenantBData b) =>
        await b.Admin.GetStringAsync("/api/scoring/leaderboards/persons?top=100") + "\n" +
        await b.Admin.GetStringAsync($"/api/scoring/leaderboards/persons/{LiuFeilong}");

    // =====================================================================================================
    // Helpers
    // =====================================================================================================

    private static string Database(string service) => service == "training" ? "trainingdb" : $"{service}db";

    private readonly ConcurrentDictionary<string, string> _connectionStrings = new();

    private async Task<NpgsqlConnection> OpenAsync(string db)
    {
        if (!_connectionStrings.TryGetValue(db, out var connectionString))
            _connectionStrings[db] = connectionString = await platform.App.GetConnectionStringAsync($"{db}-owner") // every tenant's rows: the owner
                ?? throw new InvalidOperationException($"no connection string for {db}");
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }

    private async Task<T> ScalarAsync<T>(string db, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenAsync(db);
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private async Task ExecuteAsync(string db, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenAsync(db);
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<List<string>> StringsAsync(string db, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenAsync(db);
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            if (!reader.IsDBNull(0)) values.Add(reader.GetString(0));
        return values;
    }

    private static async Task<Guid> CreatedIdAsync(HttpClient client, string path, object body)
    {
        var response = await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid();
    }

    private static async Task ExpectAsync(Task<HttpResponseMessage> call, HttpStatusCode expected, string what)
    {
        using var response = await call;
        Assert.True(response.StatusCode == expected,
            $"{what}: {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} gave {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
