using SheqingMinyi.Tests;

namespace SheqingMinyi.Review.Tests;

public class ReviewFactory() : ServiceFactory<Program>(ResourceNames.ReviewDb);
