// caravan: plan freight across the China–Central Asia corridors from the command line.
#include <cstdio>
#include <iostream>

#include "cli/common.hpp"

int main(int argc, char** argv) {
  using namespace caravan::cli;
  CLI::App app{"Caravan: multimodal freight planning for the China–Central Asia corridors"};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Help for every command");
  register_network_commands(app);
  register_place_commands(app);
  register_route_command(app);
  register_matrix_command(app);
  register_bench_graph_command(app);
  register_serve_command(app);
  register_simulate_command(app);
  register_analysis_commands(app);
  register_sweep_command(app);
  register_transit_command(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "caravan: " << e.what() << "\n";
    return kExitBadInput;
  } catch (const UsageError& e) {
    std::cerr << "caravan: " << e.what() << "\n";
    return kExitBadInput;
  } catch (const std::exception& e) {
    std::cerr << "caravan: internal error: " << e.what() << "\n";
    return 1;
  }
  return g_exit_code;
}
