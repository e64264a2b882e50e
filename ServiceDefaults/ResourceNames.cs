namespace SheqingMinyi;

/// <summary>Names of the app model's resources, shared by the AppHost, the services and the tests.</summary>
public static class ResourceNames
{
    public const string Postgres = "postgres";
    public const string Redis = "redis";
    public const string Gateway = "gateway";

    public const string Intake = "intake";
    public const string Review = "review";
    public const string People = "people";
    public const string TrainingEvents = "training";
    public const string Scoring = "scoring";

    public const string IntakeDb = "intakedb";
    public const string ReviewDb = "reviewdb";
    public const string PeopleDb = "peopledb";
    public const string TrainingEventsDb = "trainingdb";
    public const string ScoringDb = "scoringdb";

    public const string Identity = "identity";
    public const string IdentityDb = "identitydb";
}
