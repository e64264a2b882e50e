using SheqingMinyi.Intake.Data;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Intake.Tests;

public sealed class IntakeSchemaUpgradeTests() : SchemaUpgradeTests<IntakeDbContext>("20261127135231_RowLevelSecurity");

public sealed class IntakeRowSecurityCatalogTests(IntakeFactory factory) : RowSecurityCatalogTests<Program>(factory), IClassFixture<IntakeFactory>;
