using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Turtle.Actors.Configuration;
using Turtle.Actors.Hosting;

namespace Turtle.Actors.Storage.Tests.History;

/// <summary>Bad <c>Turtle:History</c> settings fail with a message naming the setting; the defaults pass.</summary>
public sealed class HistoryOptionsValidationTests
{
    [Fact]
    public void The_defaults_are_valid_and_match_the_documented_values()
    {
        var options = Resolve(new Dictionary<string, string?>());

        Assert.Equal((TimeSpan.FromDays(7), TimeSpan.FromDays(90), TimeSpan.FromDays(365), TimeSpan.FromDays(730)),
            (options.RawRetention, options.MinuteRetention, options.FiveMinuteRetention, options.HourRetention));
        Assert.Equal((16, 64, 256, TimeSpan.FromDays(1), TimeSpan.FromMinutes(1)),
            (options.MaxLabels, options.MaxLabelKeyLength, options.MaxLabelValueLength, options.MaxFutureSkew, options.MaintenancePeriod));
    }

    [Theory]
    [InlineData("RawRetention", "01:00:00", "Turtle:History:RawRetention")]
    [InlineData("MinuteRetention", "1.00:00:00", "Turtle:History:MinuteRetention")]
    [InlineData("FiveMinuteRetention", "30.00:00:00", "Turtle:History:FiveMinuteRetention")]
    [InlineData("HourRetention", "300.00:00:00", "Turtle:History:HourRetention")]
    [InlineData("MaxFutureSkew", "30.00:00:00", "Turtle:History:MaxFutureSkew")]
    [InlineData("MaxLabels", "-1", "Turtle:History:MaxLabels")]
    [InlineData("MaxLabelKeyLength", "0", "Turtle:History:MaxLabelKeyLength")]
    [InlineData("MaxLabelValueLength", "100000", "Turtle:History:MaxLabelValueLength")]
    [InlineData("MaintenancePeriod", "00:00:00", "Turtle:History:MaintenancePeriod")]
    public void A_bad_setting_fails_naming_it(string key, string value, string setting)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Resolve(new Dictionary<string, string?> { [$"Turtle:History:{key}"] = value }));

        Assert.Contains(setting, error.Message);
    }

    private static HistoryOptions Resolve(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        new TestSiloBuilder(services).AddMemoryHistory();
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<HistoryOptions>>().Value;
    }

    private sealed class TestSiloBuilder(IServiceCollection services) : ISiloBuilder
    {
        public IServiceCollection Services { get; } = services;

        public ISiloBuilder AddGrainAssembly(System.Reflection.Assembly assembly) => this;
    }
}
