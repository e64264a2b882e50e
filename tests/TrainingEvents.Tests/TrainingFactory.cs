using SheqingMinyi.Tests;

namespace SheqingMinyi.TrainingEvents.Tests;

public class TrainingFactory() : ServiceFactory<Program>(ResourceNames.TrainingEventsDb);
