using System.Net;
using Turtle.Actors.Testing.Postgres;

namespace Turtle.Silo.Tests.Security;

/// <summary>
/// Tokens, users and the audit log live in the cluster's grain storage: two silos on one PostgreSQL see the same ones. A
/// token issued on one works on the other, and a revocation there takes effect within Turtle:Auth:CacheFor.
/// </summary>
public sealed class SharedStoreTests
{
    [Fact]
    public async Task Two_silos_on_one_postgres_share_tokens_revocations_admins_and_audit()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        Dictionary<string, string?> Settings() => new()
        {
            ["Turtle:Storage:Provider"] = "postgres",
            ["ConnectionStrings:Turtle"] = database.ConnectionString,
            ["Turtle:SiloPort"] = "0",
            ["Turtle:GatewayPort"] = "0",
            ["Turtle:Auth:CacheFor"] = "00:00:00.200",
        };
        using var first = new SecuredSilo(Settings());
        using var second = new SecuredSilo(Settings());

        var (collector, issued) = await first.AsCollectorAsync("dc1-shared");
        var onSecond = second.WithToken(issued.Secret);
        Assert.Equal(HttpStatusCode.Accepted, (await second.PostObservationAsync(onSecond)).StatusCode);

        var (admin, _) = await first.AsRoleAsync("admin");
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/tokens/{issued.Token.Id}/revoke", null)).StatusCode);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        HttpStatusCode status;
        while ((status = (await second.PostObservationAsync(onSecond)).StatusCode) != HttpStatusCode.Unauthorized && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        _ = collector;

        // Both started against an empty store; one admin was made, not two.
        deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await second.Users.ListAsync()).Count(u => u.Role == "admin") == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Single(await first.Users.ListAsync(), u => u.Role == "admin");

        // The revocation made on the first silo reaches the audit log the second one answers (once the first has
        // written it: every Turtle:Audit:FlushInterval, 2 s).
        var (secondAdmin, _) = await second.AsRoleAsync("admin");
        deadline = DateTime.UtcNow.AddSeconds(15);
        string audit;
        while (!(audit = await secondAdmin.GetStringAsync("/api/v1/audit?action=tokens.revoke")).Contains(issued.Token.Id) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Contains(issued.Token.Id, audit);
    }
}
