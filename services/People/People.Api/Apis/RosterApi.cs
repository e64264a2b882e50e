using SheqingMinyi.BuildingBlocks.Calendar;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using SheqingMinyi.BuildingBlocks.Auditing;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Http.Idempotency;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.People.Data;
using SheqingMinyi.People.Domain;
using SheqingMinyi.People.Roster;
using SheqingMinyi.Security;

namespace SheqingMinyi.People.Apis;

/// <summary>人员名册: bulk import (XLSX or CSV, see <see cref="RosterImport"/>) and export in the same format; tenant-admin only.</summary>
public static class RosterApi
{
    public const string Imported = "roster-imported", Exported = "roster-exported";

    public static RouteGroupBuilder MapRosterApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/persons").WithTags("Roster").RequireAuthorization(PlatformPolicies.TenantAdmin);
        // A bearer-token API (no cookies): antiforgery does not apply to the upload.
        group.MapPost("/import", ImportAsync).WithIdempotency().DisableAntiforgery().Accepts<IFormFile>("multipart/form-data");
        group.MapGet("/export", ExportAsync);
        return group;
    }

    /// <summary>
    /// <c>POST /persons/import[?mode=all-or-nothing|valid-rows&amp;dryRun=true&amp;encoding=utf-8|gbk]</c>, form field
    /// <c>file</c>. 200 with the report when applied or a dry run; 422 (nothing imported) when a row is bad in the
    /// default all-or-nothing mode, the bad rows as the problem's <c>rows</c>; 400/413 when the file itself is unusable.
    /// </summary>
    public static async Task<Results<Ok<RosterImportReport>, ProblemHttpResult, ValidationProblem>> ImportAsync(
        HttpRequest request, PeopleDbContext db, Caller caller, TimeProvider clock, CancellationToken ct)
    {
        var query = request.Query;
        var validator = new Validator()
            .Check(query["mode"].ToString() is "" or "all-or-nothing" or "valid-rows", "mode", "mode 只能是 all-or-nothing 或 valid-rows")
            .Check(query["dryRun"].ToString() is "" || bool.TryParse(query["dryRun"], out _), "dryRun", "dryRun 只能是 true 或 false");
        if (!validator.IsValid) return validator.ToProblem();
        var validRowsOnly = query["mode"] == "valid-rows";
        var dryRun = bool.TryParse(query["dryRun"], out var dry) && dry;

        var (content, uploadError) = await ReadUploadAsync(request, ct);
        var (table, fileError) = uploadError is null ? RosterFile.Read(content!, query["encoding"]) : (null, uploadError);
        if (fileError is not null) return FileProblem(fileError);

        var report = await new RosterImport(db, caller.TenantId, clock).RunAsync(table!, validRowsOnly, dryRun, ct);
        if (!report.Applied && !dryRun) return RowsProblem(report);
        if (report.Applied)
        {
            db.AddAudit(caller.TenantId, caller.Subject, Imported, "persons/import",
                $"{table!.Format}: 新增 {report.Created}, 更新 {report.Updated}, 未变 {report.Unchanged}, 拒绝 {report.Rejected}");
            await db.SaveChangesAsync(ct);
        }
        return TypedResults.Ok(report);
    }

    /// <summary>
    /// <c>GET /persons/export[?format=xlsx|csv]</c>: the tenant's active persons with full phone numbers (the office
    /// keeps its roster with them; only tenant-admin may export), so each export is audited as a read of personal data.
    /// </summary>
    public static async Task<Results<FileContentHttpResult, ValidationProblem>> ExportAsync(
        PeopleDbContext db, Caller caller, TimeProvider clock, CancellationToken ct, string? format = null)
    {
        format = string.IsNullOrEmpty(format) ? "xlsx" : format.ToLowerInvariant();
        if (format is not ("xlsx" or "csv"))
            return new Validator().Check(false, "format", "format 只能是 xlsx 或 csv").ToProblem();
        var rows = await RosterExport.RowsAsync(db, BodyCalendar.Today(clock.GetUtcNow()), ct);
        db.AddAudit(caller.TenantId, caller.Subject, Exported, $"persons/export?format={format}", $"{rows.Count} 人，含完整手机号");
        await db.SaveChangesAsync(ct);
        return format == "csv"
            ? TypedResults.File(RosterExport.Csv(rows), RosterExport.CsvContentType, "人员名册.csv")
            : TypedResults.File(RosterExport.Xlsx(rows), RosterExport.XlsxContentType, "人员名册.xlsx");
    }

    /// <summary>The uploaded file's bytes, refused early (413) when the request is already larger than the limit.</summary>
    private static async Task<(byte[]?, RosterFileError?)> ReadUploadAsync(HttpRequest request, CancellationToken ct)
    {
        const long formOverhead = 64 * 1024;
        if (request.ContentLength > RosterFile.MaxBytes + formOverhead) return (null, RosterFile.TooLarge(request.ContentLength.Value));
        if (!request.HasFormContentType)
            return (null, RosterFile.Bad("roster-no-file", "请以 multipart/form-data 上传文件 (字段名 file)", "Expected a multipart form with a 'file' field."));
        request.HttpContext.Features.Set<IFormFeature>(new FormFeature(request, new FormOptions { MultipartBodyLengthLimit = RosterFile.MaxBytes + formOverhead }));
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(ct);
        }
        catch (InvalidDataException error)
        {
            return (null, request.ContentLength is null or > RosterFile.MaxBytes
                ? RosterFile.TooLarge(request.ContentLength ?? -1)
                : RosterFile.Bad("roster-no-file", "无法读取上传的表单", error.Message));
        }
        if (form.Files.GetFile("file") is not { } file)
            return (null, RosterFile.Bad("roster-no-file", "缺少上传文件 (字段名 file)", "The form has no 'file' field."));
        if (file.Length > RosterFile.MaxBytes) return (null, RosterFile.TooLarge(file.Length));
        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer, ct);
        return (buffer.ToArray(), null);
    }

    private static ProblemHttpResult FileProblem(RosterFileError error)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = error.Code };
        if (error.MissingColumns is { } missing) extensions["missingColumns"] = missing;
        return TypedResults.Problem(statusCode: error.Status, title: error.Title, detail: error.Detail, extensions: extensions);
    }

    /// <summary>422: the file was read, but rows are bad; each bad cell is one entry (line, column, reason).</summary>
    private static ProblemHttpResult RowsProblem(RosterImportReport report) => TypedResults.Problem(
        statusCode: StatusCodes.Status422UnprocessableEntity,
        title: $"名册中有 {report.Rejected} 行有误，未导入任何人员",
        detail: "Every row was checked; fix the rows listed in 'rows' (or import with mode=valid-rows) and upload again.",
        extensions: new Dictionary<string, object?>
        {
            ["code"] = "roster-rows-invalid",
            ["rejected"] = report.Rejected,
            ["valid"] = report.Created + report.Updated + report.Unchanged,
            ["rows"] = report.Rows.Where(r => r.Outcome == RowOutcomes.Rejected)
                .SelectMany(r => r.Errors.Select(e => new { line = r.Line, column = e.Column, reason = e.Reason })).ToList(),
        });
}
