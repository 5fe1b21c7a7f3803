using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Turtle.Actors.Hosting;
using Turtle.Twin.Alerts;

namespace Turtle.Silo.Alerts;

/// <summary>Alerts in this silo: the rules host twins evaluate (checked at start-up) and the webhook notifier their transitions go to.</summary>
public static class AlertHostingExtensions
{
    public static ISiloBuilder AddAlerts(this ISiloBuilder silo, IConfiguration configuration)
    {
        var services = silo.Services;
        services.AddOptions<AlertOptions>().Bind(configuration.GetSection(AlertOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<AlertRuleLoader>();
        services.AddSingleton<IPostConfigureOptions<AlertOptions>>(sp => sp.GetRequiredService<AlertRuleLoader>());
        services.AddSingleton<IValidateOptions<AlertOptions>>(sp => sp.GetRequiredService<AlertRuleLoader>());

        services.AddOptions<AlertWebhookOptions>().Bind(configuration.GetSection(AlertWebhookOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AlertWebhookOptions>, AlertWebhookOptionsValidator>();
        services.AddSingleton<AlertWebhookQueue>();
        services.Replace(ServiceDescriptor.Singleton<IAlertNotifier>(sp => sp.GetRequiredService<AlertWebhookQueue>()));
        services.AddHostedService<AlertWebhookSender>();
        return silo;
    }
}
