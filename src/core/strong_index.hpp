#pragma once
// Strong index types: a NodeIdx cannot be passed where a LinkIdx is expected.
#include <compare>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <vector>

namespace caravan {

template <class Tag, class Rep = std::uint32_t>
struct StrongIndex {
  static constexpr Rep invalid_value = std::numeric_limits<Rep>::max();
  Rep value = invalid_value;

  constexpr StrongIndex() = default;
  constexpr explicit StrongIndex(Rep v) : value(v) {}
  constexpr explicit StrongIndex(std::size_t v) requires(!std::is_same_v<Rep, std::size_t>)
      : value(static_cast<Rep>(v)) {}

  [[nodiscard]] constexpr bool valid() const { return value != invalid_value; }
  [[nodiscard]] constexpr std::size_t index() const { return value; }
  constexpr auto operator<=>(const StrongIndex&) const = default;
};

using NodeIdx = StrongIndex<struct NodeTag>;
using LinkIdx = StrongIndex<struct LinkTag>;
using CrossingIdx = StrongIndex<struct CrossingTag>;
using ServiceIdx = StrongIndex<struct ServiceTag>;
using ArcIdx = StrongIndex<struct ArcTag>;

// A vector addressed only by its strong index type.
template <class Idx, class T>
class IndexedVector {
 public:
  IndexedVector() = default;
  explicit IndexedVector(std::size_t n, const T& init = T{}) : items_(n, init) {}

  T& operator[](Idx i) { return items_[i.index()]; }
  const T& operator[](Idx i) const { return items_[i.index()]; }
  [[nodiscard]] std::size_t size() const { return items_.size(); }
  [[nodiscard]] bool empty() const { return items_.empty(); }
  void push_back(T v) { items_.push_back(std::move(v)); }
  template <class... Args>
  T& emplace_back(Args&&... args) { return items_.emplace_back(std::forward<Args>(args)...); }
  void reserve(std::size_t n) { items_.reserve(n); }
  void resize(std::size_t n, const T& init = T{}) { items_.resize(n, init); }
  auto begin() { return items_.begin(); }
  auto end() { return items_.end(); }
  auto begin() const { return items_.begin(); }
  auto end() const { return items_.end(); }
  [[nodiscard]] Idx next_index() const { return Idx{items_.size()}; }
  // Iterate indices: for (auto i : v.indices()) ...
  struct IndexRange {
    std::size_t n;
    struct It {
      std::size_t i;
      Idx operator*() const { return Idx{i}; }
      It& operator++() { ++i; return *this; }
      bool operator!=(const It& o) const { return i != o.i; }
    };
    It begin() const { return {0}; }
    It end() const { return {n}; }
  };
  [[nodiscard]] IndexRange indices() const { return {items_.size()}; }
  const std::vector<T>& raw() const { return items_; }
  std::vector<T>& raw() { return items_; }

 private:
  std::vector<T> items_;
};

}  // namespace caravan

template <class Tag, class Rep>
struct std::hash<caravan::StrongIndex<Tag, Rep>> {
  std::size_t operator()(caravan::StrongIndex<Tag, Rep> i) const noexcept { return std::hash<Rep>{}(i.value); }
};
