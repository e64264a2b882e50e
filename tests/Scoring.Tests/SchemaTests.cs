using SheqingMinyi.Scoring.Data;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Scoring.Tests;

public sealed class ScoringSchemaUpgradeTests() : SchemaUpgradeTests<ScoringDbContext>("20261127135247_RowLevelSecurity");

public sealed class ScoringRowSecurityCatalogTests(ScoringFactory factory) : RowSecurityCatalogTests<Program>(factory), IClassFixture<ScoringFactory>;
