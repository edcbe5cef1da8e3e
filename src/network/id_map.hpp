#pragma once
// Maps the string ids of a network's rows to their indexes. A flat, open-addressing hash table
// with the key bytes packed into a few large blocks: loading a million links then costs a
// million probes into one array instead of a million node allocations, and copying a network
// (scenarios) copies two arrays and shares the key blocks, which are never modified once written.
//
// It reads like the std::unordered_map it replaces: find / at / count / contains / emplace /
// size / iteration (in insertion order), with `first` the id and `second` the index.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace caravan {

template <class Idx>
class IdMap {
 public:
  struct value_type {
    std::string_view first;  // the id; points into this map's key blocks
    Idx second;
  };
  using const_iterator = const value_type*;
  using iterator = const_iterator;

  IdMap() = default;
  // A moved-from map is empty and must not write into the blocks it gave away.
  IdMap(IdMap&& other) noexcept
      : entries_(std::move(other.entries_)),
        slots_(std::move(other.slots_)),
        blocks_(std::move(other.blocks_)),
        block_next_(std::exchange(other.block_next_, nullptr)),
        block_left_(std::exchange(other.block_left_, 0)) {
    other.clear();
  }
  IdMap& operator=(IdMap&& other) noexcept {
    if (this != &other) {
      entries_ = std::move(other.entries_);
      slots_ = std::move(other.slots_);
      blocks_ = std::move(other.blocks_);
      block_next_ = std::exchange(other.block_next_, nullptr);
      block_left_ = std::exchange(other.block_left_, 0);
      other.clear();
    }
    return *this;
  }
  // A copy shares the key blocks (their written bytes never change) but never writes into them:
  // it starts a block of its own for the next key it adds.
  IdMap(const IdMap& other) : entries_(other.entries_), slots_(other.slots_), blocks_(other.blocks_) {}
  IdMap& operator=(const IdMap& other) {
    if (this != &other) *this = IdMap(other);
    return *this;
  }

  [[nodiscard]] std::size_t size() const { return entries_.size(); }
  [[nodiscard]] bool empty() const { return entries_.empty(); }
  [[nodiscard]] const_iterator begin() const { return entries_.data(); }
  [[nodiscard]] const_iterator end() const { return entries_.data() + entries_.size(); }

  void clear() {
    entries_.clear();
    slots_.clear();
    blocks_.clear();
    block_next_ = nullptr;
    block_left_ = 0;
  }
  // Makes room for n ids without rehashing.
  void reserve(std::size_t n) {
    entries_.reserve(n);
    if (slot_count_for(n) > slots_.size()) rehash(slot_count_for(n));
  }

  [[nodiscard]] const_iterator find(std::string_view key) const {
    if (slots_.empty()) return end();
    const std::uint64_t h = hash(key);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      const std::uint64_t s = slots_[i];
      if (s == 0) return end();
      if ((s >> 32) == (h >> 32)) {
        const value_type& e = entries_[(s & 0xFFFFFFFFu) - 1];
        if (e.first == key) return &e;
      }
    }
  }
  [[nodiscard]] bool contains(std::string_view key) const { return find(key) != end(); }
  [[nodiscard]] std::size_t count(std::string_view key) const { return contains(key) ? 1 : 0; }
  [[nodiscard]] const Idx& at(std::string_view key) const {
    const auto it = find(key);
    if (it == end()) throw std::out_of_range("no id '" + std::string(key) + "'");
    return it->second;
  }

  // Adds key -> value unless the key is present; returns the entry and whether it was added.
  std::pair<const_iterator, bool> emplace(std::string_view key, Idx value) {
    if (slot_count_for(entries_.size() + 1) > slots_.size()) rehash(slot_count_for(entries_.size() + 1));
    const std::uint64_t h = hash(key);
    const std::size_t mask = slots_.size() - 1;
    std::size_t i = h & mask;
    for (;; i = (i + 1) & mask) {
      const std::uint64_t s = slots_[i];
      if (s == 0) break;
      if ((s >> 32) == (h >> 32)) {
        const value_type& e = entries_[(s & 0xFFFFFFFFu) - 1];
        if (e.first == key) return {&e, false};
      }
    }
    entries_.push_back(value_type{store(key), value});
    slots_[i] = (h & 0xFFFFFFFF00000000u) | entries_.size();
    return {&entries_.back(), true};
  }

 private:
  static std::uint64_t hash(std::string_view key) {
    // The high half tags the slot (a mismatch skips the string compare); never 0 with the low
    // half, so 0 can mean an empty slot.
    return std::hash<std::string_view>{}(key);
  }
  // Slots for n entries at a load factor of at most 1/2 (a power of two).
  static std::size_t slot_count_for(std::size_t n) {
    std::size_t slots = 16;
    while (slots < 2 * n) slots *= 2;
    return slots;
  }
  void rehash(std::size_t slot_count) {
    slots_.assign(slot_count, 0);
    const std::size_t mask = slot_count - 1;
    for (std::size_t k = 0; k < entries_.size(); ++k) {
      const std::uint64_t h = hash(entries_[k].first);
      std::size_t i = h & mask;
      while (slots_[i] != 0) i = (i + 1) & mask;
      slots_[i] = (h & 0xFFFFFFFF00000000u) | (k + 1);
    }
  }
  // Copies the key into the current block (a new one when it is full).
  std::string_view store(std::string_view key) {
    if (key.empty()) return {};
    if (key.size() > block_left_) {
      const std::size_t size = std::max<std::size_t>(kBlockBytes, key.size());
      blocks_.emplace_back(new char[size]);
      block_next_ = blocks_.back().get();
      block_left_ = size;
    }
    std::memcpy(block_next_, key.data(), key.size());
    const std::string_view stored(block_next_, key.size());
    block_next_ += key.size();
    block_left_ -= key.size();
    return stored;
  }

  static constexpr std::size_t kBlockBytes = std::size_t{1} << 20;
  std::vector<value_type> entries_;     // in insertion order
  std::vector<std::uint64_t> slots_;    // 0 = empty; else hash tag << 32 | (entry position + 1)
  std::vector<std::shared_ptr<char[]>> blocks_;
  char* block_next_ = nullptr;  // free space of the last block, if this map wrote it
  std::size_t block_left_ = 0;
};

}  // namespace caravan
