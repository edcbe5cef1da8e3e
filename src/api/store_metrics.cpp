#include "api/store_metrics.hpp"

#include <chrono>

namespace caravan::api {
namespace {

class MeasuredStore final : public transit::TransitStore {
 public:
  MeasuredStore(std::shared_ptr<transit::TransitStore> store, std::shared_ptr<Metrics> metrics)
      : store_(std::move(store)), metrics_(std::move(metrics)) {}

  // Calls f, counting a failure under `operation` (and passing it on).
  template <class F>
  auto counted(const char* operation, F&& f) {
    try {
      return f();
    } catch (...) {
      metrics_->store_error(operation);
      throw;
    }
  }

  std::vector<transit::CommitStatus> commit_many(std::span<const transit::Commit> commits) override {
    const auto start = std::chrono::steady_clock::now();
    const auto statuses = counted("commit", [&] { return store_->commit_many(commits); });
    std::size_t committed = 0, duplicate = 0, stale = 0;
    for (const auto s : statuses) {
      if (s == transit::CommitStatus::committed) ++committed;
      else if (s == transit::CommitStatus::duplicate_message) ++duplicate;
      else ++stale;
    }
    metrics_->transit_commits(committed, duplicate, stale, std::chrono::steady_clock::now() - start);
    return statuses;
  }
  std::optional<transit::MessageOutcome> find_outcome(const std::string& message_id) override {
    return counted("find_outcome", [&] { return store_->find_outcome(message_id); });
  }
  std::optional<transit::DeclarationRecord> load(const std::string& id) override {
    return counted("load", [&] { return store_->load(id); });
  }
  std::vector<transit::DeclarationRecord> list_by_country(const std::string& alpha2) override {
    return counted("list", [&] { return store_->list_by_country(alpha2); });
  }
  std::vector<transit::DeclarationRecord> list_by_holder(const std::string& holder) override {
    return counted("list", [&] { return store_->list_by_holder(holder); });
  }
  std::vector<transit::AuditEntry> audit_chain(const std::string& declaration_id) override {
    return counted("audit_chain", [&] { return store_->audit_chain(declaration_id); });
  }
  std::int64_t reserve_reference_serials(std::int64_t count) override {
    return counted("reserve_serials", [&] { return store_->reserve_reference_serials(count); });
  }
  [[nodiscard]] std::string describe() const override { return store_->describe(); }

 private:
  std::shared_ptr<transit::TransitStore> store_;
  std::shared_ptr<Metrics> metrics_;
};

}  // namespace

std::shared_ptr<transit::TransitStore> with_metrics(std::shared_ptr<transit::TransitStore> store,
                                                    std::shared_ptr<Metrics> metrics) {
  return std::make_shared<MeasuredStore>(std::move(store), std::move(metrics));
}

}  // namespace caravan::api
