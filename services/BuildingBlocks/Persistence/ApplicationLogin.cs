using Npgsql;

namespace SheqingMinyi.BuildingBlocks.Persistence;

/// <summary>
/// The login the services' requests and consumers connect as. It is a member of <see cref="AppRole"/>
/// (which holds the grants and is named by the tenant policies) and nothing else: no superuser, no BYPASSRLS, owner of
/// no table and not of the database, no CREATE in schema public. Then <c>SET ROLE</c>, <c>RESET ROLE</c> and
/// <c>SET SESSION AUTHORIZATION</c> on its connections gain nothing, and row security always binds it.
/// </summary>
public static class ApplicationLogin
{
    /// <summary>The role that holds the grants and that the tenant policies name (<see cref="RowLevelSecurity.AppRole"/>).
    /// Here so the AppHost, which compiles this file in, needs nothing else of the building blocks.</summary>
    public const string AppRole = "sqmy_app";

    /// <summary>The login local mode and the tests create; elsewhere any name will do (external mode: an administrator's choice).</summary>
    public const string DefaultName = "sqmy_app_login";

    /// <summary>
    /// Creates the application role and <paramref name="login"/> as its member where missing, and sets the login's
    /// password (so a password generated per run works on a kept data directory). Needs CREATEROLE: local mode and
    /// the tests run it as the cluster's superuser. Serialised by an advisory lock (processes start together).
    /// </summary>
    public static async Task EnsureAsync(NpgsqlDataSource admin, string login, string password, CancellationToken ct = default)
    {
        await using var connection = await admin.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // Role names and passwords cannot be parameters: quoted here (the names come from code, the password is generated).
        var (role, name, secret) = (Identifier(AppRole), Identifier(login), $"'{password.Replace("'", "''")}'");
        await using var command = new NpgsqlCommand($"""
            SELECT pg_advisory_xact_lock(hashtext('sqmy.application_login'));
            DO $$ BEGIN
                IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{AppRole}') THEN CREATE ROLE {role} NOLOGIN; END IF;
                IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{login.Replace("'", "''")}') THEN
                    CREATE ROLE {name} LOGIN INHERIT NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
                END IF;
            END $$;
            ALTER ROLE {name} LOGIN INHERIT NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD {secret};
            GRANT {role} TO {name};
            """, connection, transaction);
        await command.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
    }

    private const string ProblemsSql = $"""
        SELECT r.rolsuper, r.rolbypassrls, r.rolcreaterole, r.rolcreatedb,
               NOT pg_has_role(current_user, '{AppRole}', 'USAGE'),
               (SELECT count(*) FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND pg_has_role(current_user, c.relowner, 'MEMBER')),
               pg_has_role(current_user, (SELECT datdba FROM pg_database WHERE datname = current_database()), 'MEMBER'),
               has_schema_privilege('public', 'CREATE')
        FROM pg_roles r WHERE r.rolname = current_user
        """;

    /// <summary>What makes the connection's login more than an application login; empty when it is one.</summary>
    public static async Task<IReadOnlyList<string>> ProblemsAsync(NpgsqlConnection connection, CancellationToken ct = default)
    {
        await using var command = new NpgsqlCommand(ProblemsSql, connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        List<string> problems = [];
        if (reader.GetBoolean(0)) problems.Add("is a superuser");
        if (reader.GetBoolean(1)) problems.Add("has BYPASSRLS");
        if (reader.GetBoolean(2)) problems.Add("has CREATEROLE");
        if (reader.GetBoolean(3)) problems.Add("has CREATEDB");
        if (reader.GetBoolean(4)) problems.Add($"is not a member of {AppRole}");
        if (reader.GetInt64(5) > 0) problems.Add($"owns (or may become the owner of) {reader.GetInt64(5)} relations in schema public");
        if (reader.GetBoolean(6)) problems.Add("owns (or may become the owner of) the database");
        if (reader.GetBoolean(7)) problems.Add("may CREATE in schema public");
        return problems;
    }

    /// <summary>Refuses to go on when <paramref name="connectionString"/> is no application login (see the class).</summary>
    public static async Task VerifyAsync(string connectionString, string configurationName, CancellationToken ct = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        var problems = await ProblemsAsync(connection, ct);
        if (problems.Count > 0)
            throw new InvalidOperationException(
                $"ConnectionStrings:{configurationName} must be an application login (member of {AppRole}, owning nothing), " +
                $"but its login '{connection.UserName}' {string.Join(", ", problems)}. The tables' owner belongs in ConnectionStrings:{DatabaseLogins.OwnerName(configurationName)}.");
    }

    private static string Identifier(string name) => $"\"{name.Replace("\"", "\"\"")}\"";
}
