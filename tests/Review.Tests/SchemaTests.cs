using SheqingMinyi.Review.Data;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Review.Tests;

public sealed class ReviewSchemaUpgradeTests() : SchemaUpgradeTests<ReviewDbContext>("20261127135235_RowLevelSecurity");

public sealed class ReviewRowSecurityCatalogTests(ReviewFactory factory) : RowSecurityCatalogTests<Program>(factory), IClassFixture<ReviewFactory>;
