using SheqingMinyi.TrainingEvents.Data;
using SheqingMinyi.Tests;

namespace SheqingMinyi.TrainingEvents.Tests;

public sealed class TrainingSchemaUpgradeTests() : SchemaUpgradeTests<TrainingDbContext>("20261127135242_RowLevelSecurity");

public sealed class TrainingRowSecurityCatalogTests(TrainingFactory factory) : RowSecurityCatalogTests<Program>(factory), IClassFixture<TrainingFactory>;
