using SheqingMinyi.People.Data;
using SheqingMinyi.Tests;

namespace SheqingMinyi.People.Tests;

public sealed class PeopleSchemaUpgradeTests() : SchemaUpgradeTests<PeopleDbContext>("20261127135239_RowLevelSecurity");

public sealed class PeopleRowSecurityCatalogTests(PeopleFactory factory) : RowSecurityCatalogTests<Program>(factory), IClassFixture<PeopleFactory>;
