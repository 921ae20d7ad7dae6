/**
 * Back-references computed at read time (never stored, so they cannot drift): which subnets use a route
 * table or NSG, which ip configurations sit in a subnet, what uses a public IP or NIC.
 */
import type { ArmResource, Store } from '../../core/contract.js';
import { ofType } from './common.js';
import { T, ref, sameId } from './ids.js';

export function subnetsReferencing(store: Store, field: 'routeTable' | 'networkSecurityGroup', id: string): ArmResource[] {
  return ofType(store, T.subnet).filter((s) => sameId(s.properties?.[field]?.id, id));
}

/** Ip configurations (NICs, firewalls, Bastions) placed in a subnet, as `{ id }` references. */
export function subnetIpConfigurations(store: Store, subnetId: string): Array<{ id: string }> {
  const refs: Array<{ id: string }> = [];
  for (const owner of [...ofType(store, T.nic), ...ofType(store, T.firewall), ...ofType(store, T.bastion)]) {
    for (const cfg of owner.properties?.ipConfigurations ?? []) {
      if (sameId(cfg?.properties?.subnet?.id, subnetId) && cfg.id) refs.push(ref(cfg.id));
    }
  }
  return refs;
}

export function subnetPrivateEndpoints(store: Store, subnetId: string): Array<{ id: string }> {
  return ofType(store, T.privateEndpoint)
    .filter((pe) => sameId(pe.properties?.subnet?.id, subnetId))
    .map((pe) => ref(pe.id));
}

/** The ip configuration that holds a public IP, if any. */
export function publicIpConfiguration(store: Store, publicIpId: string): { id: string } | undefined {
  for (const owner of [...ofType(store, T.nic), ...ofType(store, T.firewall), ...ofType(store, T.bastion)]) {
    for (const cfg of owner.properties?.ipConfigurations ?? []) {
      if (sameId(cfg?.properties?.publicIPAddress?.id, publicIpId) && cfg.id) return ref(cfg.id);
    }
  }
  return undefined;
}

export function nicVirtualMachine(store: Store, nicId: string): { id: string } | undefined {
  const vm = ofType(store, T.virtualMachine).find((v) =>
    (v.properties?.networkProfile?.networkInterfaces ?? []).some((n: any) => sameId(n?.id, nicId)),
  );
  return vm ? ref(vm.id) : undefined;
}

export function firewallsUsingPolicy(store: Store, policyId: string): ArmResource[] {
  return ofType(store, T.firewall).filter((f) => sameId(f.properties?.firewallPolicy?.id, policyId));
}

/**
 * Resources that mention `targetId` anywhere in their body (an AKS agent pool's vnetSubnetID, a VM's NIC
 * list, a firewall's subnet...). Resources inside `ownerId` (the target's own parent tree) and role
 * assignments (which outlive their scope in Azure) do not count as users.
 */
export function referencedBy(store: Store, targetId: string, ownerId: string = targetId): ArmResource[] {
  const needle = `"${targetId.toLowerCase()}"`;
  const owner = ownerId.toLowerCase();
  return store.all().filter((r) => {
    const id = r.id.toLowerCase();
    if (id === owner || id.startsWith(`${owner}/`)) return false;
    if (r.type.toLowerCase().startsWith('microsoft.authorization/')) return false;
    return JSON.stringify(r).toLowerCase().includes(needle);
  });
}
