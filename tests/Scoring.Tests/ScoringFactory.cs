using SheqingMinyi.Tests;

namespace SheqingMinyi.Scoring.Tests;

public sealed class ScoringFactory() : ServiceFactory<Program>(ResourceNames.ScoringDb);
