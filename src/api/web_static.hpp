#pragma once
// The web map (web/, built by Vite into web/dist) served at / by `caravan serve`, next to the API
// under /v1. When the app is not built, / answers a page that says how to build it.
#include <string>

#include "api/server.hpp"

namespace caravan::api {

// The built app of this source tree (web/dist), compiled in like the data directory.
std::string default_web_dir();

// True when `dir` holds a built app (an index.html).
bool web_app_built(const std::string& dir);

// Serves `dir`/index.html at / (revalidated on each load) and `dir`/assets/ at /assets/
// (content-hashed, cacheable for a year). Without a built app, GET / answers 503 with a page naming
// `dir` and the build command. Static files are not part of the API: the group adds nothing to
// the OpenAPI document.
EndpointGroup web_static_group(const std::string& dir);

}  // namespace caravan::api
