#include "cli/mpi_world.hpp"

#include <cstdlib>
#include <limits>
#include <stdexcept>

#if CARAVAN_WITH_MPI
#include <mpi.h>
#endif

namespace caravan::cli {

bool mpi_launched() { return std::getenv("OMPI_COMM_WORLD_SIZE") != nullptr; }

#if CARAVAN_WITH_MPI

bool mpi_built() { return true; }

MpiWorld::MpiWorld() {
  MPI_Init(nullptr, nullptr);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

MpiWorld::~MpiWorld() { MPI_Finalize(); }

std::vector<std::string> MpiWorld::gather(const std::string& mine) const {
  // Shares are at most a few hundred MB: int counts suffice, checked all the same.
  if (mine.size() > static_cast<std::size_t>(std::numeric_limits<int>::max() / 2))
    throw std::runtime_error("a process's share of the results is over 1 GB: split the sweep");
  int length = static_cast<int>(mine.size());
  std::vector<int> lengths(rank_ == 0 ? size_ : 0), offsets(rank_ == 0 ? size_ : 0);
  MPI_Gather(&length, 1, MPI_INT, lengths.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
  std::string all;
  if (rank_ == 0) {
    long long total = 0;
    for (int r = 0; r < size_; ++r) {
      offsets[r] = static_cast<int>(total);
      total += lengths[r];
    }
    if (total > std::numeric_limits<int>::max()) throw std::runtime_error("the sweep's results are over 2 GB: split the sweep");
    all.resize(static_cast<std::size_t>(total));
  }
  MPI_Gatherv(mine.data(), length, MPI_CHAR, all.data(), lengths.data(), offsets.data(), MPI_CHAR, 0, MPI_COMM_WORLD);
  std::vector<std::string> out;
  for (int r = 0; r < static_cast<int>(lengths.size()); ++r) out.push_back(all.substr(offsets[r], lengths[r]));
  return out;
}

#else

bool mpi_built() { return false; }
MpiWorld::MpiWorld() = default;
MpiWorld::~MpiWorld() = default;
std::vector<std::string> MpiWorld::gather(const std::string& mine) const { return {mine}; }

#endif

}  // namespace caravan::cli
