using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Turtle.Dashboard.Live;

/// <summary>
/// Renders a component to HTML outside any request: the live stream sends the same markup the page rendered, so a
/// page has one template, whether it arrives with the page or as an update.
/// </summary>
public sealed class FragmentRenderer : IAsyncDisposable
{
    // The renderer asks for scoped services (Blazor's activity source); it lives as long as the app, so it gets a
    // scope of its own rather than the root provider (which refuses scoped services when scopes are validated).
    private readonly AsyncServiceScope _scope;
    private readonly HtmlRenderer _renderer;

    public FragmentRenderer(IServiceScopeFactory scopes, ILoggerFactory loggers)
    {
        _scope = scopes.CreateAsyncScope();
        _renderer = new HtmlRenderer(_scope.ServiceProvider, loggers);
    }

    public Task<string> RenderAsync<TComponent>(IDictionary<string, object?> parameters) where TComponent : IComponent =>
        _renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await _renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters));
            return output.ToHtmlString();
        });

    public async ValueTask DisposeAsync()
    {
        await _renderer.DisposeAsync();
        await _scope.DisposeAsync();
    }
}
