using SheqingMinyi.Identity.Data;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Identity.Tests;

public sealed class IdentitySchemaUpgradeTests() : SchemaUpgradeTests<IdentityDbContext>("20261127141253_RowLevelSecurity");

public sealed class IdentityRowSecurityCatalogTests(IdentityFactory factory) : RowSecurityCatalogTests<Program>(factory), IClassFixture<IdentityFactory>;
