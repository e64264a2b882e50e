using SheqingMinyi.Tests;

namespace SheqingMinyi.TrainingEvents.Tests;

public sealed class TrainingFactory() : ServiceFactory<Program>(ResourceNames.TrainingEventsDb);
