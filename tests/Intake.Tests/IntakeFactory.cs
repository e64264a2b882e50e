using SheqingMinyi.Tests;

namespace SheqingMinyi.Intake.Tests;

public sealed class IntakeFactory() : ServiceFactory<Program>(ResourceNames.IntakeDb);
