using SheqingMinyi.BuildingBlocks.Messaging;

namespace SheqingMinyi.BuildingBlocks.Tests;

/// <summary>A cross-tenant hand-off follows the directory's parent link only: up to the parent, down to a child naming the sender.</summary>
public sealed class HandOffRulesTests
{
    private static readonly TenantEntry City = new("cq-zx", "重庆市政协", null);
    private static readonly TenantEntry District = new("spb-zx", "沙坪坝区政协", "cq-zx");
    private static readonly TenantEntry Party = new("mj-cq", "民建重庆市委", "cq-zx");
    private static readonly TenantEntry Elsewhere = new("cd-zx", "成都市政协", null);

    [Fact]
    public void A_child_hands_off_to_its_parent_and_to_no_one_else()
    {
        Assert.Null(HandOffRules.RefusalToParent(District, City));
        Assert.NotNull(HandOffRules.RefusalToParent(District, Party));      // a sibling
        Assert.NotNull(HandOffRules.RefusalToParent(District, Elsewhere));  // an unrelated body
        Assert.NotNull(HandOffRules.RefusalToParent(District, District));   // itself
        Assert.NotNull(HandOffRules.RefusalToParent(City, District));       // a parent is not its child's child
        Assert.NotNull(HandOffRules.RefusalToParent(City, null));           // no parent on the platform
        Assert.NotNull(HandOffRules.RefusalToParent(null, City));           // an unknown sender
    }

    [Fact]
    public void A_parent_hands_back_only_to_a_child_that_names_it()
    {
        Assert.Null(HandOffRules.RefusalToChild(City, District));
        Assert.Null(HandOffRules.RefusalToChild(City, Party));
        Assert.NotNull(HandOffRules.RefusalToChild(City, Elsewhere));
        Assert.NotNull(HandOffRules.RefusalToChild(District, City));   // up is not down
        Assert.NotNull(HandOffRules.RefusalToChild(District, Party));  // a sibling
        Assert.NotNull(HandOffRules.RefusalToChild(City, City));
        Assert.NotNull(HandOffRules.RefusalToChild(City, null));
    }
}
