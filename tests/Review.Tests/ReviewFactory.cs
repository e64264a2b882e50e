using SheqingMinyi.Tests;

namespace SheqingMinyi.Review.Tests;

public sealed class ReviewFactory() : ServiceFactory<Program>(ResourceNames.ReviewDb);
