using Turtle.Actors.Runtime.Membership;

namespace Turtle.Actors.Runtime.Tests.Membership;

/// <summary>The conformance suite on the in-memory provider; one table per test, shared by every handle, as silos in one process share it.</summary>
public sealed class InMemoryMembershipTableTests : MembershipTableConformanceTests
{
    private readonly InMemoryMembershipTable _table = new();

    protected override IMembershipTable CreateTable() => _table;

    [Fact]
    public async Task One_instance_refuses_a_second_cluster()
    {
        await _table.InitializeAsync(ClusterId);
        await Assert.ThrowsAsync<InvalidOperationException>(() => _table.InitializeAsync(ClusterId + "-other"));
    }
}
