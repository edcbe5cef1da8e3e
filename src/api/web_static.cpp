#include "api/web_static.hpp"

#include <httplib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "core/text.hpp"

namespace caravan::api {
namespace {

std::string not_built_page(const std::string& dir) {
  return fmt::format(R"(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Caravan: web map not built</title>
<style>body{{font-family:system-ui,sans-serif;max-width:42rem;margin:4rem auto;color:#1f2933;line-height:1.5}}code{{background:#eef1f4;padding:0 .3em}}</style></head>
<body><h1>The Caravan web map is not built</h1>
<p>There is no <code>index.html</code> in <code>{}</code>.</p>
<p>Build it with <code>scripts/build-web</code> (or run <code>make run</code>, which builds everything), then restart
<code>caravan serve</code>, or start it with the directory of a built copy (docs/web.md).</p>
<p>The HTTP API is running: see <a href="/v1/health">/v1/health</a> and <a href="/v1/openapi.json">/v1/openapi.json</a>.</p>
</body></html>
)",
                     escape_html(dir));
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

std::string default_web_dir() { return CARAVAN_WEB_DIR; }

bool web_app_built(const std::string& dir) {
  std::error_code ec;
  return std::filesystem::is_regular_file(std::filesystem::path(dir) / "index.html", ec);
}

EndpointGroup web_static_group(const std::string& dir) {
  EndpointGroup group;
  group.name = "web";
  group.mount = [dir](httplib::Server& svr) {
    // Module scripts need a JavaScript MIME type, whatever the library's defaults are.
    svr.set_file_extension_and_mimetype_mapping("js", "text/javascript");
    svr.set_file_extension_and_mimetype_mapping("mjs", "text/javascript");
    svr.set_file_extension_and_mimetype_mapping("css", "text/css");
    svr.set_file_extension_and_mimetype_mapping("json", "application/json");
    // Vite names every file under assets/ by its content hash, so they never change. Only this
    // prefix is a mount point: a mount at / would cost every API request a file lookup. (Without
    // a build there is no assets/ to mount; the page at / then says to build and restart.)
    svr.set_mount_point("/assets/", (std::filesystem::path(dir) / "assets").string(),
                        {{"Cache-Control", "public, max-age=31536000, immutable"}});
    // index.html is read on each request, so a rebuild shows without a restart.
    svr.Get("/(index\\.html)?", [dir](const httplib::Request&, httplib::Response& res) {
      std::string html = read_file(std::filesystem::path(dir) / "index.html");
      if (html.empty()) {
        res.status = 503;
        res.set_content(not_built_page(dir), "text/html; charset=utf-8");
        return;
      }
      res.set_header("Cache-Control", "no-cache");
      res.set_content(std::move(html), "text/html; charset=utf-8");
    });
  };
  return group;
}

}  // namespace caravan::api
