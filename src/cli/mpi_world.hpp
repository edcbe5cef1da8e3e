#pragma once
// The Open MPI world of `caravan sweep`, optional at build time (CARAVAN_WITH_MPI): without it,
// or when the process was not started by mpirun, the sweep runs as one process.
#include <string>
#include <vector>

namespace caravan::cli {

// Built with MPI support.
bool mpi_built();
// Started by mpirun/mpiexec (Open MPI sets OMPI_COMM_WORLD_SIZE in every process it starts).
bool mpi_launched();

// MPI_Init on construction and MPI_Finalize on destruction; only when mpi_built().
class MpiWorld {
 public:
  MpiWorld();
  ~MpiWorld();
  MpiWorld(const MpiWorld&) = delete;
  MpiWorld& operator=(const MpiWorld&) = delete;

  [[nodiscard]] int rank() const { return rank_; }
  [[nodiscard]] int size() const { return size_; }
  // Every process's bytes at rank 0, in rank order; the other ranks receive nothing.
  [[nodiscard]] std::vector<std::string> gather(const std::string& mine) const;

 private:
  int rank_ = 0, size_ = 1;
};

}  // namespace caravan::cli
